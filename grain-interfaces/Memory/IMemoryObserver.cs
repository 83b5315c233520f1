namespace Sophia.Memory;

/// <summary>Receives a memory scope's ingestion progress.</summary>
[Alias("sophia.IMemoryObserver")]
public interface IMemoryObserver : IGrainObserver
{
    /// <summary>Documents, chunks, embedded and stored counts after a step of an ingestion.</summary>
    [Alias("OnProgress"), OneWay]
    Task OnProgressAsync(IngestionProgress progress);
}
