using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tests.Postgres;
using StackExchange.Redis;

namespace Sophia.Tests.Cluster;

public sealed class GatewayReplicaTests
{
    [Fact]
    public async Task A_watcher_on_one_gateway_sees_messages_sent_through_another()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"]);
        var second = await cluster.AddGatewayAsync();
        var token = await cluster.TokenAsync();
        var conversationId = await ClusterChat.CreateConversationAsync(cluster.Http, token);
        await using var watcher = await LocalCluster.ConnectHubAsync(cluster.Http, token);
        var watching = Within.CollectUntil(watcher.StreamAsync<ChatEvent>("Watch", conversationId, 0L), e => e.Type == ChatEventTypes.Done, "the answer on the first gateway");

        var seq = await ClusterChat.TrySendAsync(second, token, conversationId, "sent through the second gateway");
        var events = await watching;

        Assert.Equal(1, seq);
        Assert.Equal("sent through the second gateway", events[0].Text);
        Assert.Equal([ChatEventTypes.Message, ChatEventTypes.Delta, ChatEventTypes.Message, ChatEventTypes.Done], events.Select(e => e.Type));
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Gateways_share_their_l1_cache_through_redis()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"]);
        var token = await cluster.TokenAsync();
        var conversationId = await ClusterChat.CreateConversationAsync(cluster.Http, token);

        Assert.NotNull(await ClusterChat.TrySendAsync(cluster.Http, token, conversationId, "cache me"));

        // On a loaded machine the cache's Redis write can land after the reply.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestServices.Redis);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await Within.Wait(
            ClusterChat.UntilAsync(() => server.Keys(pattern: $"sophia:{cluster.ClusterId}:*").Any(k => k.ToString().Contains(conversationId))),
            "the conversation's access entry in Redis");
    }

    [Fact]
    public async Task A_token_from_one_gateway_is_accepted_by_another()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"]);
        var second = await cluster.AddGatewayAsync();
        var token = await cluster.TokenAsync();

        var conversationId = await ClusterChat.CreateConversationAsync(second, token);

        Assert.NotNull(await ClusterChat.TrySendAsync(cluster.Http, token, conversationId, "hello"));
    }
}
