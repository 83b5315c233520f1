using Orleans.Concurrency;
using Sophia.Memory.Store;

namespace Sophia.Memory;

/// <summary>Corpus figures for the dashboard, one grouped query per call on any silo.</summary>
[StatelessWorker, Reentrant]
public sealed class MemoryStatsGrain(IMemoryStore store) : Grain, IMemoryStatsGrain
{
    private const int MaxScopes = 50;

    public Task<IReadOnlyList<MemorySourceCount>> CountAsync(IReadOnlyList<string> scopes) =>
        scopes.Count is 0 or > MaxScopes || scopes.Any(s => !MemoryScopes.IsValid(s))
            ? throw new ArgumentException($"Name 1 to {MaxScopes} valid memory scopes.")
            : store.CountBySourceAsync(this.GetPrimaryKeyString(), scopes.Distinct().ToList());
}
