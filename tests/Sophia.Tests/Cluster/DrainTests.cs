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
        var token = await cluster.TokenAsync();
        var conversationId = await ClusterChat.CreateConversationAsync(cluster.Http, token);
        var sender = new MessageSender(cluster.Http, token, conversationId);
        using var stop = new CancellationTokenSource();
        var sending = sender.RunAsync(TimeSpan.FromMilliseconds(100), stop.Token);
        await Within.Wait(ClusterChat.UntilAsync(() => sender.Results.Count(r => r.Seq is not null) >= 20), "20 acknowledged sends before the drain");

        var draining = await cluster.HostOfAsync("conversation", GrainKeys.Of(GrainKeys.DefaultTenant, conversationId));
        var drainedAt = sender.Now;
        draining.Terminate();
        await draining.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var exitedAt = sender.Now;
        await Within.Wait(ClusterChat.UntilAsync(() => sender.Now - exitedAt > TimeSpan.FromSeconds(3)), "3 s of sending after the drained silo exited");
        await stop.CancelAsync();
        await sending;

        var results = sender.Results;
        var failed = results.Where(r => r.Error is not null).ToList();
        output.WriteLine($"sends: {results.Count}, failed: {failed.Count}, drain took {(exitedAt - drainedAt).TotalSeconds:0.0} s");
        var log = await ClusterChat.UserMessagesAsync(cluster.Http, token, conversationId);
        Assert.True(failed.Count == 0, $"{failed.Count} sends failed: {string.Join(", ", failed.Take(10).Select(r => $"{r.SentAt.TotalSeconds:0.0}s {r.Error}"))}\n{cluster.Describe()}");
        Assert.All(results, r => Assert.Equal(r.Text, log.GetValueOrDefault(r.Seq!.Value)));
        Assert.Equal(results.Count, log.Count);
    }
}
