using System.Net;

namespace Sophia.Integrations.HubSpot;

/// <summary>A HubSpot error answer: its status, HubSpot's <c>category</c> (<c>VALIDATION_ERROR</c>, <c>RATE_LIMITS</c>) and message, never a credential.</summary>
public sealed class HubSpotApiException(HttpStatusCode status, string? category, string what, string message)
    : InvalidOperationException($"HubSpot answered {(int)status}{(category is null ? "" : $" {category}")} while {what}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string? Category { get; } = category;
}
