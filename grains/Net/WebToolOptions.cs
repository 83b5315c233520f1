namespace Sophia.Net;

/// <summary>Settings of every fetch Sophia makes for a user (<c>Sophia:Tools:Web</c>).</summary>
public sealed class WebToolOptions
{
    public const string Section = "Sophia:Tools:Web";

    /// <summary>
    /// Host names (or literal addresses) Sophia may read although they resolve to a private, loopback or otherwise
    /// internal address, such as an intranet wiki. Everything else internal is refused.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    public bool Allows(string host)
    {
        var bare = host.Trim('[', ']');
        return AllowedHosts.Any(a => string.Equals(a.Trim().Trim('[', ']'), bare, StringComparison.OrdinalIgnoreCase));
    }
}
