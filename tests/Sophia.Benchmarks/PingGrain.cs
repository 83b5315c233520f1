namespace Sophia.Benchmarks;

/// <summary>The baseline: the cheapest grain call Orleans can make.</summary>
[Alias("bench.IPingGrain")]
public interface IPingGrain : IGrainWithStringKey
{
    /// <summary>Answers at once.</summary>
    [Alias("Ping")]
    Task<int> PingAsync(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> PingAsync(int value) => Task.FromResult(value);
}

/// <summary>The two-hop baseline: a grain that asks another grain, as an agent asks another agent.</summary>
[Alias("bench.IRelayGrain")]
public interface IRelayGrain : IGrainWithStringKey
{
    /// <summary>Answers with what the ping grain of the same key answers.</summary>
    [Alias("Relay")]
    Task<int> RelayAsync(int value);
}

public sealed class RelayGrain : Grain, IRelayGrain
{
    private IPingGrain? _ping;

    public Task<int> RelayAsync(int value) => (_ping ??= GrainFactory.GetGrain<IPingGrain>(this.GetPrimaryKeyString())).PingAsync(value);
}
