using Sophia.Tenancy;

namespace Sophia.Memory;

/// <summary>How much one scope keeps from one source.</summary>
/// <param name="Scope">The scope's name inside the tenant (<c>tenant</c>, <c>user:{name}</c>, <c>conversation:{id}</c>).</param>
/// <param name="Source"><c>upload</c>, <c>fact</c>, or a synced record's type (<c>issue</c>, <c>pull request</c>, <c>call</c>, <c>deal</c>, …).</param>
/// <param name="Documents">Documents (or facts) from that source.</param>
/// <param name="Chunks">Their chunks.</param>
[GenerateSerializer, Immutable, Alias("sophia.MemorySourceCount")]
public sealed record MemorySourceCount(string Scope, string Source, int Documents, long Chunks);

/// <summary>Counts of a tenant's memory (key <c>tenant</c>), read straight from L3 without activating each scope's grain.</summary>
[Alias("sophia.IMemoryStatsGrain"), KeyedByTenant]
public interface IMemoryStatsGrain : IGrainWithStringKey
{
    /// <summary>Documents and chunks per scope and source, for the scopes named (the caller has checked they may see them).</summary>
    [Alias("Count")]
    Task<IReadOnlyList<MemorySourceCount>> CountAsync(IReadOnlyList<string> scopes);
}
