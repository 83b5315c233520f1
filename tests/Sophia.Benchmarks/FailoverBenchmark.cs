using Sophia.Tests.Cluster;
using Sophia.Tests.Postgres;

namespace Sophia.Benchmarks;

/// <summary>
/// Failover over five SIGKILLs of the silo hosting a conversation under a message every 100 ms, on two silos in two
/// regions: from the kill to the first acknowledged send that was sent after it, and the longest gap between two
/// acknowledgements around the kill. A replacement silo joins the victim's region after each kill.
/// </summary>
public static class FailoverBenchmark
{
    private const int Kills = 5;

    public static async Task<int> RunAsync()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["west", "east"]);
        await cluster.ConnectClientAsync();
        await using var load = await ConversationUnderLoad.StartAsync(cluster, acknowledged: 5);
        var sender = load.Sender;
        var times = new List<double>();
        var gaps = new List<double>();
        for (var kill = 1; kill <= Kills; kill++)
        {
            await WaitAsync(() => sender.Results.Count(r => r.Seq is not null && r.SentAt > sender.Now - TimeSpan.FromSeconds(1)) >= 5);
            var victim = await SingleHostAsync(cluster, Sophia.GrainKeys.Of(Sophia.GrainKeys.DefaultTenant, load.ConversationId));
            var killedAt = sender.Now;
            victim.Kill();
            await WaitAsync(() => sender.Results.Any(r => r.SentAt > killedAt && r.Seq is not null));
            var recovered = sender.Results.Where(r => r.SentAt > killedAt && r.Seq is not null).Min(r => r.DoneAt) - killedAt;
            await cluster.WaitForActiveSilosAsync(1);
            cluster.StartSilo(victim.Name.Split(' ', ':')[1]);
            await cluster.WaitForActiveSilosAsync(2);
            var gap = LongestGap(sender.Results, killedAt - TimeSpan.FromSeconds(1), killedAt + recovered + TimeSpan.FromSeconds(2));
            times.Add(recovered.TotalSeconds);
            gaps.Add(gap.TotalSeconds);
            Console.WriteLine($"kill {kill} ({victim.Name}): sends succeed again after {recovered.TotalSeconds:0.00} s; longest gap between acknowledgements {gap.TotalSeconds:0.00} s");
        }

        var results = await load.StopAsync();
        var failed = results.Count(r => r.Error is not null);
        var log = await load.LogAsync();
        var lost = results.Count(r => r.Seq is { } seq && log.GetValueOrDefault(seq) != r.Text);
        var duplicated = log.Count - log.Values.Distinct().Count();
        Console.WriteLine($"failover over {Kills} kills: first success after a kill median {Percentiles.Of(times, 50):0.00} s, worst {times.Max():0.00} s; " +
            $"longest acknowledgement gap median {Percentiles.Of(gaps, 50):0.00} s, worst {gaps.Max():0.00} s; {failed} of {results.Count} sends failed, {lost} acknowledged lost, {duplicated} duplicated");
        foreach (var error in results.Where(r => r.Error is not null).GroupBy(r => r.Error))
        {
            Console.WriteLine($"  {error.Count()} x {error.Key}");
        }
        return 0;
    }

    /// <summary>The longest time between two consecutive acknowledgements (in the order they arrived) within a window.</summary>
    private static TimeSpan LongestGap(IEnumerable<SendResult> results, TimeSpan from, TimeSpan to)
    {
        var acks = results.Where(r => r.Seq is not null && r.DoneAt >= from && r.DoneAt <= to).Select(r => r.DoneAt).Order().ToList();
        return acks.Zip(acks.Skip(1), (a, b) => b - a).DefaultIfEmpty(to - from).Max();
    }

    /// <summary>Waits out duplicate activations left by the previous crash, so the kill really takes the only host.</summary>
    private static async Task<SophiaProcess> SingleHostAsync(LocalCluster cluster, string key)
    {
        IReadOnlyList<SophiaProcess> hosts = [];
        await WaitAsync(() =>
        {
            hosts = cluster.HostsOfAsync("conversation", key).GetAwaiter().GetResult();
            return hosts.Count == 1;
        });
        return hosts[0];
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The cluster did not recover within 60 s.");
            }

            await Task.Delay(50);
        }
    }
}
