using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Sophia.Gpu;

/// <summary>
/// Names of the instances a pool launches, <c>sophia-{cluster}-{region}-{lease}</c>: how a pool recognises, after any
/// crash, the instances it owns, and leaves every other instance on the account alone.
/// </summary>
public sealed partial class GpuInstanceNames(string clusterId, string region)
{
    private readonly string _prefix = $"sophia-{clusterId}-{region}-";

    public string For(string leaseId) => _prefix + leaseId;

    /// <summary>The lease id when this pool owns an instance of that name, otherwise null.</summary>
    public string? LeaseIdOf(string? instanceName) =>
        instanceName is not null && instanceName.StartsWith(_prefix, StringComparison.Ordinal) && LeaseIdPattern().IsMatch(instanceName[_prefix.Length..])
            ? instanceName[_prefix.Length..]
            : null;

    public static string NewLeaseId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>A cluster id or region as it can appear in an instance name: lowercase, letters, digits and '-', at most 20.</summary>
    public static string Sanitize(string value)
    {
        var cleaned = new string(value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return cleaned.Length == 0 ? "x" : cleaned[..Math.Min(20, cleaned.Length)].TrimEnd('-');
    }

    public static bool IsWellFormedPart(string? part) => part is not null && PartPattern().IsMatch(part);

    [GeneratedRegex("^[0-9a-f]{8}$")]
    private static partial Regex LeaseIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,19}$")]
    private static partial Regex PartPattern();
}
