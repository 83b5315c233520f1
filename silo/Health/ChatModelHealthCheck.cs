using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sophia.Agents;

namespace Sophia.Silo.Health;

/// <summary>Asks the configured model endpoint for real; offline mode is healthy and says so.</summary>
public sealed class ChatModelHealthCheck(ChatModel model) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        var (up, detail) = await model.ProbeAsync(timeout.Token);
        return up ? HealthCheckResult.Healthy(detail) : HealthCheckResult.Unhealthy(detail);
    }
}
