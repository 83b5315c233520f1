namespace Sophia.Ops;

/// <summary>
/// Keeps the cluster's recent operations series in memory (<see cref="OpsSeries"/>), never collected while its silo
/// lives. Persisting them is left to the metrics pipeline (OpenTelemetry); this is the dashboard's live view.
/// </summary>
[KeepAlive]
public sealed class OpsMetricsGrain(TimeProvider time) : Grain, IOpsMetricsGrain
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(6);

    private readonly OpsSeries _series = new(Window, time.GetUtcNow());

    public Task RecordTurnAsync(TurnSample turn)
    {
        _series.Add(turn);
        return Task.CompletedTask;
    }

    public Task RecordGpuSpendAsync(GpuSpendSample spend)
    {
        _series.Add(spend);
        return Task.CompletedTask;
    }

    public Task<OpsMetrics> GetAsync() => Task.FromResult(_series.Read(time.GetUtcNow()));
}
