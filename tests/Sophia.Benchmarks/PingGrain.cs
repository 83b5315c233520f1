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
