namespace Sophia.Memory;

/// <summary>Receives a memory scope's ingestion progress.</summary>
[Alias("sophia.IMemoryObserver")]
public interface IMemoryObserver : IGrainObserver
{
    /// <summary>Documents, chunks, embedded and stored counts after a step of an ingestion.</summary>
    [Alias("OnProgress"), OneWay]
    Task OnProgressAsync(IngestionProgress progress);

    /// <summary>An integration's sync counts (synced, failed, pending) while it fills the scope.</summary>
    [Alias("OnSyncProgress"), OneWay]
    Task OnSyncProgressAsync(Integrations.IntegrationSyncProgress progress);
}
