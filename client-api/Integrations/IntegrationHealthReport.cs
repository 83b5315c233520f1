using Sophia.Integrations;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Integrations;

/// <summary>
/// Each tenant's integrations' health for <c>/readyz</c>'s operator detail. It is reported, never checked: a provider
/// that is down leaves the gateway ready, since chat works without it.
/// </summary>
public static class IntegrationHealthReport
{
    private const int MaxShown = 200;

    // Readiness answers fast even when the cluster does not: the integrations are then unknown.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<object> ReadAsync(IGrainFactory grains)
    {
        try
        {
            return await CollectAsync(grains).WaitAsync(Timeout);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException or InvalidOperationException)
        {
            return new { status = "unknown", detail = $"The integrations could not be read: {ex.Message}" };
        }
    }

    private static async Task<Dictionary<string, object>> CollectAsync(IGrainFactory grains)
    {
        var entries = new Dictionary<string, object>();
        foreach (var tenant in await grains.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).ListAsync())
        {
            foreach (var name in await grains.GetGrain<IIntegrationRegistryGrain>(tenant).ListAsync())
            {
                if (entries.Count == MaxShown)
                {
                    return entries;
                }

                if (await grains.GetGrain<IIntegrationGrain>(IntegrationNames.Key(tenant, name)).GetAsync() is { Health: var health })
                {
                    entries[IntegrationNames.Key(tenant, name)] = new { status = health.Healthy ? "up" : "failing", lastSuccessAt = health.LastSuccessAt, lastError = health.LastError, rateRemaining = health.RateRemaining };
                }
            }
        }

        return entries;
    }
}
