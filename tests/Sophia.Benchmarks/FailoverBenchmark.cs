using Sophia.Tests.Cluster;
using Sophia.Tests.Postgres;

namespace Sophia.Benchmarks;

/// <summary>
/// Failover time over five SIGKILLs of the silo hosting a conversation under a message every 100 ms: from the kill to
/// the first acknowledged send that was sent after it. A replacement silo joins after each kill.
/// </summary>
public static class FailoverBenchmark
{
    private const int Kills = 5;

    public static async Task<int> RunAsync()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu", "eu", "eu"]);
        await cluster.ConnectClientAsync();
        await using var load = await ConversationUnderLoad.StartAsync(cluster, acknowledged: 5);
        var sender = load.Sender;
        var times = new List<double>();
        for (var kill = 1; kill <= Kills; kill++)
        {
            await WaitAsync(() => sender.Results.Count(r => r.Seq is not null && r.SentAt > sender.Now - TimeSpan.FromSeconds(1)) >= 5);
            var victim = await SingleHostAsync(cluster, Sophia.GrainKeys.Of(Sophia.GrainKeys.DefaultTenant, load.ConversationId));
            var killedAt = sender.Now;
            victim.Kill();
            await WaitAsync(() => sender.Results.Any(r => r.SentAt > killedAt && r.Seq is not null));
            var recovered = sender.Results.Where(r => r.SentAt > killedAt && r.Seq is not null).Min(r => r.DoneAt) - killedAt;
            times.Add(recovered.TotalSeconds);
            Console.WriteLine($"kill {kill}: sends succeed again after {recovered.TotalSeconds:0.00} s");
            await cluster.WaitForActiveSilosAsync(2);
            cluster.StartSilo("eu");
            await cluster.WaitForActiveSilosAsync(3);
        }

        var results = await load.StopAsync();
        var failed = results.Count(r => r.Error is not null);
        Console.WriteLine($"failover over {Kills} kills: median {Percentiles.Of(times, 50):0.00} s, worst {times.Max():0.00} s; {failed} of {results.Count} sends failed");
        return 0;
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
