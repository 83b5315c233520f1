using System.Text.Json.Nodes;
using Sophia.Integrations;

namespace Sophia.Integrations.Providers;

/// <summary>
/// One kind of integration (GitHub, a search API, an MCP server). The integration grain keeps its settings, encrypts its
/// secrets, records its health and serves its tools; the provider only knows its API. A new provider is a subclass and
/// one <c>AddIntegration</c> line (see README, "Adding an integration"). An instance lives as long as one grain
/// activation, so it may keep clients and caches.
/// </summary>
public abstract class IntegrationProvider
{
    /// <summary>The limit the provider documents for one account, which the grain's rate limiter keeps to.</summary>
    public abstract ProviderRateLimit RateLimit { get; }

    /// <summary>
    /// Splits the admin's JSON body into settings kept in the clear and secrets kept encrypted; throws
    /// <see cref="IntegrationRefusedException"/> saying which field is wrong.
    /// </summary>
    public abstract IntegrationSettings Parse(JsonObject body);

    /// <summary>A real call with the settings (a token checked, a server reached); throws <see cref="IntegrationRefusedException"/> saying what failed.</summary>
    public abstract Task CheckAsync(IntegrationSession session, CancellationToken cancellationToken);

    /// <summary>The tools it offers with these settings.</summary>
    public abstract Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync(IntegrationSession session, CancellationToken cancellationToken);

    /// <summary>Runs a tool; returns text for the model. Throw for a failed call: the grain records it in the health and tells the model.</summary>
    public abstract Task<string> CallAsync(IntegrationSession session, string tool, JsonObject arguments, CancellationToken cancellationToken);

    /// <summary>What a person approving a risky call should see besides its arguments (for a proposed change: the diff); null for nothing more.</summary>
    public virtual Task<string?> PreviewAsync(IntegrationSession session, string tool, JsonObject arguments, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    /// <summary>Whether it feeds the tenant's memory with <see cref="SyncAsync"/>.</summary>
    public virtual bool Syncs => false;

    /// <summary>Brings the tenant's memory up to date, incrementally from <see cref="IntegrationSession.State"/>'s cursors.</summary>
    public virtual Task SyncAsync(IntegrationSession session, SyncProgress progress, CancellationToken cancellationToken) =>
        throw new IntegrationRefusedException("This integration does not sync into memory.");

    /// <summary>
    /// True while the settings still need the admin's consent at the provider (an OAuth connection without tokens yet):
    /// <c>PUT</c> keeps them unchecked, and <c>GET /api/integrations/{provider}/connect</c> sends the admin to
    /// <see cref="ConsentUrl"/>.
    /// </summary>
    public virtual bool AwaitsConsent(IntegrationSession session) => false;

    /// <summary>The provider's authorization page for this connection, asking for a code sent to <see cref="OAuthConsent.RedirectUri"/>.</summary>
    public virtual Uri ConsentUrl(IntegrationSession session, OAuthConsent consent) =>
        throw new IntegrationRefusedException("This integration does not connect through the provider's consent page.");

    /// <summary>
    /// Exchanges the authorization code the provider sent back for tokens, keeps them in <see cref="IntegrationSession.State"/>
    /// and saves it before returning; the grain then checks the connection and lists its tools.
    /// </summary>
    public virtual Task CompleteConsentAsync(IntegrationSession session, OAuthConsent consent, string code, CancellationToken cancellationToken) =>
        throw new IntegrationRefusedException("This integration does not connect through the provider's consent page.");

    /// <summary>Called when the grain deactivates or the integration is disconnected: close clients.</summary>
    public virtual ValueTask CloseAsync() => ValueTask.CompletedTask;
}

/// <summary>The provider's documented rate limit: <paramref name="Permits"/> requests per <paramref name="Window"/>.</summary>
public sealed record ProviderRateLimit(int Permits, TimeSpan Window);

/// <summary>A parsed PUT body: what may be shown (<paramref name="Settings"/>) and what is encrypted at rest and never shown (<paramref name="Secrets"/>).</summary>
public sealed record IntegrationSettings(JsonObject Settings, IReadOnlyDictionary<string, string> Secrets);
