using Sophia.Tests.Postgres;
using Xunit.Abstractions;

namespace Sophia.Tests.Cluster;

public sealed class DrainTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SIGTERM_on_the_silo_hosting_a_conversation_drains_it_without_a_failed_send()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu", "eu"]);
        await cluster.ConnectClientAsync();
        await using var load = await ConversationUnderLoad.StartAsync(cluster, acknowledged: 20);

        var draining = await load.HostAsync();
        var drainedAt = load.Sender.Now;
        draining.Terminate();
        await draining.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var exitedAt = load.Sender.Now;
        await load.KeepSendingAsync(exitedAt, TimeSpan.FromSeconds(3));
        var results = await load.StopAsync();

        var failed = results.Where(r => r.Error is not null).ToList();
        output.WriteLine($"sends: {results.Count}, failed: {failed.Count}, drain took {(exitedAt - drainedAt).TotalSeconds:0.0} s");
        var log = await load.LogAsync();
        Assert.True(failed.Count == 0, $"{failed.Count} sends failed: {string.Join(", ", failed.Take(10).Select(r => $"{r.SentAt.TotalSeconds:0.0}s {r.Error}"))}\n{cluster.Describe()}");
        Assert.All(results, r => Assert.Equal(r.Text, log.GetValueOrDefault(r.Seq!.Value)));
        Assert.Equal(results.Count, log.Count);
    }
}
