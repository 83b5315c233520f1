using Sophia.Tests.Postgres;

namespace Sophia.Tests.Cluster;

public sealed class RegionTests
{
    private static readonly Dictionary<string, string> WestIsHome = new() { ["Sophia__Regions__Default"] = "west" };

    /// <summary>Sends until acknowledged: while a region dies, sends may fail until membership catches up.</summary>
    private static async Task SendUntilAcknowledgedAsync(LocalCluster cluster, string token, string conversationId, string text)
    {
        await Within.Wait(Attempts(), $"'{text}' to be acknowledged", TimeSpan.FromSeconds(45));

        async Task<int> Attempts()
        {
            while (await ClusterChat.TrySendAsync(cluster.Http, token, conversationId, text) is null)
            {
                await Task.Delay(250);
            }

            return 0;
        }
    }

    [Fact]
    public async Task Conversations_live_in_the_tenants_home_region_whichever_gateway_is_used()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["east", "east", "west"], WestIsHome);
        await cluster.ConnectClientAsync();
        var token = await cluster.TokenAsync();

        var hosts = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = await ClusterChat.CreateConversationAsync(cluster.Http, token);
            await SendUntilAcknowledgedAsync(cluster, token, id, "hello");
            hosts.Add((await cluster.HostOfAsync("conversation", GrainKeys.Of(GrainKeys.DefaultTenant, id))).Name);
        }

        Assert.All(hosts, host => Assert.StartsWith("silo west", host));
    }

    [Fact]
    public async Task When_the_home_region_dies_the_conversation_continues_elsewhere_with_its_history()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["west", "west", "east"], WestIsHome);
        await cluster.ConnectClientAsync();
        var token = await cluster.TokenAsync();
        var id = await ClusterChat.CreateConversationAsync(cluster.Http, token);
        await SendUntilAcknowledgedAsync(cluster, token, id, "before");
        var key = GrainKeys.Of(GrainKeys.DefaultTenant, id);
        Assert.StartsWith("silo west", (await cluster.HostOfAsync("conversation", key)).Name);

        foreach (var west in cluster.Silos.Where(s => s.Name.StartsWith("silo west")))
        {
            west.Kill();
        }

        await cluster.WaitForActiveSilosAsync(1);
        await SendUntilAcknowledgedAsync(cluster, token, id, "after");

        var log = await ClusterChat.UserMessagesAsync(cluster.Http, token, id);
        Assert.Equal(["before", "after"], log.OrderBy(m => m.Key).Select(m => m.Value));
        Assert.StartsWith("silo east", (await cluster.HostOfAsync("conversation", key)).Name);
    }
}
