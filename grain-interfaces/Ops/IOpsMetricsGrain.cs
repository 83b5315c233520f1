namespace Sophia.Ops;

/// <summary>
/// The cluster's recent operations series (key 0): fed where turns finish and where GPU pools reconcile, read by operators.
/// Held in memory for the last hours only; a restart of the silo holding it starts the series over.
/// </summary>
[Alias("sophia.IOpsMetricsGrain")]
public interface IOpsMetricsGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a finished turn; one-way, so recording never slows a turn down.</summary>
    [Alias("RecordTurn"), OneWay]
    Task RecordTurnAsync(TurnSample turn);

    /// <summary>Adds a pool's spend after a reconcile pass; one-way.</summary>
    [Alias("RecordGpuSpend"), OneWay]
    Task RecordGpuSpendAsync(GpuSpendSample spend);

    /// <summary>The series of the kept window.</summary>
    [Alias("Get")]
    Task<OpsMetrics> GetAsync();
}
