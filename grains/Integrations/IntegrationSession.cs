using System.Text.Json.Nodes;
using Sophia.Memory;

namespace Sophia.Integrations.Providers;

/// <summary>
/// What a provider works with inside its grain: its settings and decrypted secrets, an HTTP client that goes through the
/// guarded client and the grain's resilience pipeline (rate limiter, retries that honour <c>Retry-After</c>, circuit
/// breaker), its own persisted (and encrypted) state for tokens and sync cursors, and the tenant's memory.
/// </summary>
public sealed class IntegrationSession(
    string tenant, string integration, JsonObject settings, IReadOnlyDictionary<string, string> secrets, JsonObject state,
    HttpMessageHandler handler, IGrainFactory grains, TimeProvider time, Func<Task> saveState, Func<Task> toolsChanged, Action<long?, DateTimeOffset?> rateBudget)
{
    public string Tenant { get; } = tenant;

    /// <summary>The integration's name (<c>github</c>, <c>mcp:docs</c>).</summary>
    public string Integration { get; } = integration;

    public JsonObject Settings { get; } = settings;

    public IReadOnlyDictionary<string, string> Secrets { get; } = secrets;

    /// <summary>The provider's own state (cached tokens, sync cursors, ETags); persisted encrypted by <see cref="SaveStateAsync"/>.</summary>
    public JsonObject State { get; } = state;

    /// <summary>
    /// The handler every call to the provider goes through (guarded client, rate limiter, retries, circuit breaker), for
    /// SDKs that take a handler; it is the grain's, so wrap it in a client that does not dispose it. Never log its headers.
    /// </summary>
    public HttpMessageHandler Handler { get; } = handler;

    /// <summary>A client on <see cref="Handler"/>.</summary>
    public HttpClient Http { get; } = new(handler, disposeHandler: false);

    public TimeProvider Time { get; } = time;

    public IGrainFactory Grains { get; } = grains;

    /// <summary>The tenant-wide memory scope a sync writes into.</summary>
    public IMemoryGrain TenantMemory => Grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(Tenant, MemoryScopes.Tenant));

    public Task SaveStateAsync() => saveState();

    /// <summary>Tells the grain the provider's tools changed (an MCP server's notification): it lists them again.</summary>
    public Task ToolsChangedAsync() => toolsChanged();

    /// <summary>Records the rate budget the provider reported (e.g. GitHub's <c>x-ratelimit-remaining</c>), shown in the health.</summary>
    public void ReportRateBudget(long? remaining, DateTimeOffset? resetsAt) => rateBudget(remaining, resetsAt);
}
