namespace Sophia.Integrations;

/// <summary>
/// An integration as its admin sees it, never with its credentials: its name (<c>github</c>, <c>web-search</c>,
/// <c>mcp:{name}</c>), provider, state (<c>connected</c>, <c>failing</c>, or <c>awaiting-consent</c> until an OAuth
/// provider's consent page is passed), the settings kept in the clear as JSON (URLs,
/// repositories, names of headers), health, sync, number of tools, and who connected it when.
/// </summary>
[GenerateSerializer, Immutable, Alias("sophia.IntegrationStatus")]
public sealed record IntegrationStatus(
    string Name,
    string Provider,
    string State,
    string Settings,
    IntegrationHealth Health,
    IntegrationSync? Sync,
    int Tools,
    DateTimeOffset ConnectedAt,
    string ConnectedBy);

/// <summary>The last success and error of calls to the provider, and the rate budget it reported.</summary>
[GenerateSerializer, Immutable, Alias("sophia.IntegrationHealth")]
public sealed record IntegrationHealth(
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    long? RateRemaining,
    DateTimeOffset? RateResetsAt)
{
    public static readonly IntegrationHealth Unknown = new(null, null, null, null, null);

    /// <summary>Healthy until the last call failed after the last success.</summary>
    public bool Healthy => LastErrorAt is null || (LastSuccessAt is { } ok && ok > LastErrorAt);
}

/// <summary>
/// How the sync into memory goes: <c>idle</c>, <c>running</c> or <c>failed</c>; the documents written in all
/// (<paramref name="Documents"/>), and this run's records looked at, synced, failed and still pending; the schedule
/// (every <paramref name="EveryMinutes"/>, none when null) and the next scheduled run.
/// </summary>
[GenerateSerializer, Immutable, Alias("sophia.IntegrationSync")]
public sealed record IntegrationSync(
    string State,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastSyncAt,
    int Documents,
    int Processed,
    string? LastError,
    int Synced = 0,
    int Failed = 0,
    int Pending = 0,
    int? EveryMinutes = null)
{
    public static readonly IntegrationSync Never = new(SyncStates.Idle, null, null, 0, 0, null);
}

/// <summary>An integration's sync as the tenant memory's progress stream shows it.</summary>
[GenerateSerializer, Immutable, Alias("sophia.IntegrationSyncProgress")]
public sealed record IntegrationSyncProgress(string Integration, IntegrationSync Sync);

/// <summary>The states of an integration's sync.</summary>
public static class SyncStates
{
    public const string Idle = "idle";
    public const string Running = "running";
    public const string Failed = "failed";
}

/// <summary>
/// A tool an integration offers agents: the agents' name for it (<c>github_search_code</c>, <c>web_search</c>,
/// <c>mcp__{name}__{tool}</c>), its integration, description, the JSON schema of its arguments (an object), and whether
/// it is risky (writes outside Sophia or spends money: a person approves each call).
/// </summary>
[GenerateSerializer, Immutable, Alias("sophia.IntegrationToolSpec")]
public sealed record IntegrationToolSpec(
    string Name,
    string Integration,
    string Description,
    string InputSchema,
    bool Risky);

/// <summary>Settings the provider refused, or a check call that failed: the message says what to fix (a 400).</summary>
[GenerateSerializer, Alias("sophia.IntegrationRefusedException")]
public sealed class IntegrationRefusedException(string message) : Exception(message);
