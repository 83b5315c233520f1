using System.Net;

namespace Sophia.Net;

/// <summary>What a guarded GET answered: the final URL after redirects, the status, the type and the (possibly cut) body.</summary>
public sealed record WebFetch(Uri Uri, HttpStatusCode Status, string? Reason, string? MediaType, string? Charset, byte[] Body, bool Cut)
{
    public bool Succeeded => (int)Status is >= 200 and <= 299;
}
