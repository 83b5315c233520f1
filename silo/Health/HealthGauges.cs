using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sophia.Telemetry;

namespace Sophia.Silo.Health;

/// <summary>
/// Runs the readiness checks on a timer (<see cref="PublishPeriod"/>) and keeps their last results as gauges:
/// <c>sophia_dependency_up{dependency}</c> and <c>sophia_ready</c>, 1 or 0, true even when nobody calls <c>/readyz</c>.
/// </summary>
public sealed class HealthGauges : IHealthCheckPublisher
{
    public static readonly TimeSpan PublishPeriod = TimeSpan.FromSeconds(5);

    private volatile HealthReport? _last;

    public HealthGauges(IMeterFactory meters)
    {
        var meter = meters.Create(SophiaDiagnostics.Name);
        meter.CreateObservableGauge("sophia.dependency.up", Dependencies, description: "1 when this process's last check of a dependency passed, else 0");
        meter.CreateObservableGauge("sophia.ready", Ready, description: "1 when every readiness check of this process passed at its last run, else 0");
    }

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _last = report;
        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<int>> Dependencies() => _last?.Entries.Select(e =>
        new Measurement<int>(e.Value.Status == HealthStatus.Healthy ? 1 : 0, SophiaDiagnostics.Tag("dependency", e.Key))) ?? [];

    // Before the first run nothing is known: no sample, rather than a 0 that would fire an alert at every start.
    private IEnumerable<Measurement<int>> Ready() => _last is { } report ? [new Measurement<int>(report.Status == HealthStatus.Healthy ? 1 : 0)] : [];
}
