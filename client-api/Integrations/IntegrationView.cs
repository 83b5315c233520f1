using System.Text.Json.Nodes;
using Sophia.Integrations;

namespace Sophia.ClientApi.Integrations;

/// <summary>How the REST API shows an integration and its tools (never a credential: the grain does not hand them out).</summary>
public static class IntegrationView
{
    public static object Of(IntegrationStatus status) => new
    {
        name = status.Name,
        provider = status.Provider,
        state = status.State,
        settings = JsonNode.Parse(status.Settings),
        connectedAt = status.ConnectedAt,
        connectedBy = status.ConnectedBy,
        tools = status.Tools,
        health = new
        {
            healthy = status.Health.Healthy,
            lastSuccessAt = status.Health.LastSuccessAt,
            lastErrorAt = status.Health.LastErrorAt,
            lastError = status.Health.LastError,
            rateRemaining = status.Health.RateRemaining,
            rateResetsAt = status.Health.RateResetsAt,
        },
        sync = status.Sync is { } sync
            ? new
            {
                state = sync.State, startedAt = sync.StartedAt, lastSyncAt = sync.LastSyncAt, documents = sync.Documents, processed = sync.Processed,
                synced = sync.Synced, pending = sync.Pending, failed = sync.Failed, everyMinutes = sync.EveryMinutes, lastError = sync.LastError,
            }
            : null,
    };

    public static object Of(IntegrationToolSpec tool) => new
    {
        name = tool.Name,
        description = tool.Description,
        risky = tool.Risky,
        inputSchema = JsonNode.Parse(tool.InputSchema),
    };
}
