using Sophia.Tests.Postgres;
using Xunit.Abstractions;

namespace Sophia.Tests.Cluster;

public sealed class FailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_silo_that_hosts_a_conversation_loses_no_acknowledged_message()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu", "eu"]);
        await cluster.ConnectClientAsync();
        await using var load = await ConversationUnderLoad.StartAsync(cluster, acknowledged: 20);

        var victim = await load.HostAsync();
        var killedAt = load.Sender.Now;
        victim.Kill();
        await load.KeepSendingAsync(killedAt, TimeSpan.FromSeconds(15));
        var results = await load.StopAsync();

        var acknowledged = results.Where(r => r.Seq is not null).ToList();
        var log = await load.LogAsync();
        var firstSuccessAfterKill = acknowledged.Where(r => r.SentAt > killedAt).Min(r => (TimeSpan?)r.DoneAt) - killedAt;
        output.WriteLine($"sends: {results.Count}, acknowledged: {acknowledged.Count}, failed: {results.Count(r => r.Error is not null)}, first success after kill: {firstSuccessAfterKill?.TotalSeconds:0.00} s");
        Assert.All(acknowledged, r => Assert.Equal(r.Text, log.GetValueOrDefault(r.Seq!.Value)));
        Assert.Equal(log.Count, log.Values.Distinct().Count());
        Assert.True(firstSuccessAfterKill < TimeSpan.FromSeconds(10),
            $"sends succeeded again {firstSuccessAfterKill?.TotalSeconds:0.0} s after the kill; failures: {string.Join(", ", results.Where(r => r.Error is not null).Select(r => $"{r.SentAt.TotalSeconds:0.0}s {r.Error}").Take(20))}\n{cluster.Describe()}");
    }
}
