using Orleans.Storage;

namespace Sophia.Tests.Tenancy;

/// <summary>Grain storage that fails the next write of one state name on request, as a storage outage between two steps would.</summary>
public sealed class FailingGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.TakeWriteFailure(stateName) ? throw new IOException($"Storage refused the write of '{stateName}' (injected by the test).") : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}

/// <summary>Which state's next write fails; shared between a test and the silo it runs.</summary>
public sealed class StorageFaults
{
    private readonly Lock _lock = new();
    private string? _failNextWriteOf;

    public void FailNextWriteOf(string stateName)
    {
        lock (_lock)
        {
            _failNextWriteOf = stateName;
        }
    }

    public bool TakeWriteFailure(string stateName)
    {
        lock (_lock)
        {
            if (_failNextWriteOf != stateName)
            {
                return false;
            }

            _failNextWriteOf = null;
            return true;
        }
    }
}
