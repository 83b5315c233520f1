using System.Net;

namespace Sophia.Integrations.Gong;

/// <summary>A refusal Gong answered with its error body (<c>requestId</c>, <c>errors</c>), kept so callers can tell its kind.</summary>
internal sealed class GongApiException(HttpStatusCode status, IReadOnlyList<string> errors, string message) : InvalidOperationException(message)
{
    public HttpStatusCode Status { get; } = status;

    public IReadOnlyList<string> Errors { get; } = errors;

    /// <summary>Gong answers 404 when a filter matches no call, which for a list is simply an empty one.</summary>
    public bool NoCallsFound => Status == HttpStatusCode.NotFound;

    /// <summary>A page cursor Gong no longer takes (it expired, or the request changed): the listing starts again.</summary>
    public bool CursorRejected => Status == HttpStatusCode.BadRequest && Errors.Any(e => e.Contains("cursor", StringComparison.OrdinalIgnoreCase));
}
