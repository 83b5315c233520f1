using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime.Messaging;

namespace Sophia.Silo.Health;

/// <summary>Ready only when the cluster answers a real grain call and reports an active silo.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        Exception? last = null;
        while (!budget.IsCancellationRequested)
        {
            try
            {
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(budget.Token);
                return hosts.Count > 0
                    ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                    : HealthCheckResult.Unhealthy("no active silo");
            }
            catch (Exception ex) when (ex is ConnectionFailedException or SiloUnavailableException)
            {
                // The answering activation was on a silo that just died; the failed call dropped it, so ask again.
                last = ex;
                await Task.Delay(100, CancellationToken.None);
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy($"cluster unreachable: {ex.Message}");
            }
        }

        return HealthCheckResult.Unhealthy($"cluster unreachable: {last?.Message ?? "no answer within 3 s"}");
    }
}
