using System.Net.Http.Headers;
using System.Net.Http.Json;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Cluster;

/// <summary>A risky call waiting for a person outlives the silo that asked, and a long silence does not ask again.</summary>
public sealed class ApprovalFailoverTests
{
    // Longer than two rounds of the conversation's stall watch (10 s): a watch that resumed a paused turn would ask again.
    private static readonly TimeSpan SilentGap = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task An_approval_pending_across_a_silo_kill_and_a_long_silence_is_asked_once_and_runs_once()
    {
        await using var model = await OpenAiCompatibleServer.StartAsync();
        await using var webhook = await WebhookReceiver.StartAsync();
        model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("post_webhook", """{"message":"Release 3.1 is out"}""") });
        model.Enqueue(new ScriptedReply { Tokens = ["Posted ", "it."], TokenDelay = TimeSpan.Zero });
        await using var database = await PostgresTestDatabase.CreateAsync();
        var settings = model.SophiaSettings(("Sophia:Tools:WebhookUrl", webhook.Url)).ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu", "eu"], settings);
        await cluster.ConnectClientAsync();
        var token = await cluster.TokenAsync();
        var id = await ClusterChat.CreateConversationAsync(cluster.Http, token);
        Assert.NotNull(await ClusterChat.TrySendAsync(cluster.Http, token, id, "Tell the team release 3.1 is out."));
        var approvalId = await Within.Wait(FirstPendingApprovalAsync(database, id), "the approval request");

        (await cluster.HostOfAsync("mediatoragent", GrainKeys.Of(GrainKeys.DefaultTenant, id))).Kill();
        await cluster.WaitForActiveSilosAsync(1);
        cluster.StartSilo("eu");
        await cluster.WaitForActiveSilosAsync(2);
        await Task.Delay(SilentGap);
        var beforeDecision = Assert.Single(await TurnLedger.ReadAsync(database, id));

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{id}/approvals/{approvalId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = JsonContent.Create(new { approved = true });
        using var decided = await cluster.Http.SendAsync(request);
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());
        await Within.Wait(UntilAnsweredAsync(database, id), "the answer after the approval", TimeSpan.FromSeconds(60));
        var after = Assert.Single(await TurnLedger.ReadAsync(database, id));

        Assert.Equal(1, beforeDecision.ApprovalsAsked);
        Assert.Equal(0, beforeDecision.EndedAt);
        Assert.Equal(["Release 3.1 is out"], webhook.Posts);
        Assert.Equal((1, 1, 1, 0), (after.ApprovalsAsked, after.Messages, after.Dones, after.Errors));
    }

    private static async Task<string> FirstPendingApprovalAsync(PostgresTestDatabase database, string id)
    {
        while (true)
        {
            if (await TurnLedger.PendingApprovalsAsync(database, id) is [var approvalId, ..])
            {
                return approvalId;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<int> UntilAnsweredAsync(PostgresTestDatabase database, string id)
    {
        while ((await TurnLedger.ReadAsync(database, id)).Any(t => t.EndedAt == 0))
        {
            await Task.Delay(200);
        }

        return 0;
    }
}
