using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tests.Postgres;
using Xunit.Abstractions;

namespace Sophia.Tests.Cluster;

/// <summary>A turn of the swarm outlives the silo running it: it resumes elsewhere from its step log.</summary>
public sealed class SwarmFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_turn_whose_silo_is_killed_mid_step_finishes_once_elsewhere_and_no_tool_runs_twice()
    {
        await using var model = await OpenAiCompatibleServer.StartAsync();
        await using var web = await WebPageServer.StartAsync(new Dictionary<string, string> { ["pricing"] = "<p>Pro costs 42 EUR a month.</p>" });
        await using var database = await PostgresTestDatabase.CreateAsync();
        var settings = model.SophiaSettings().ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu", "eu"], settings);
        await cluster.ConnectClientAsync();
        var token = await cluster.TokenAsync();
        var id = await ClusterChat.CreateConversationAsync(cluster.Http, token);

        model.Enqueue(new ScriptedReply { Tokens = ["""{"steps":[{"agent":"researcher","task":"Read the pricing page","tool":"read_web_page"},{"agent":"coder","task":"Print the price"}]}"""] });
        model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("read_web_page", $$"""{"url":"{{web.UrlOf("pricing")}}"}""") });
        model.Enqueue(new ScriptedReply { Tokens = ["Pro costs 42 EUR a month."], TokenDelay = TimeSpan.Zero });
        var cutOff = model.Enqueue(new ScriptedReply { Tokens = ["print(", "'42 EUR')"], PauseAfterTokens = 1 });
        Assert.NotNull(await ClusterChat.TrySendAsync(cluster.Http, token, id, "/plan Find the Pro price and print it"));
        await Within.Wait(cutOff.Paused.Task.ContinueWith(_ => 0), "the coder's model call of step 2");

        var victim = await cluster.HostOfAsync("mediatoragent", GrainKeys.Of(GrainKeys.DefaultTenant, id));
        var killedAt = DateTimeOffset.UtcNow;
        victim.Kill();
        model.Enqueue(new ScriptedReply { Tokens = ["print('42 EUR')"], TokenDelay = TimeSpan.Zero });
        model.Enqueue(new ScriptedReply { Tokens = ["Pro costs 42 EUR; ", "print('42 EUR') prints it."], TokenDelay = TimeSpan.Zero });
        cutOff.Release.TrySetResult();
        await cluster.WaitForActiveSilosAsync(1);

        await using var hub = await LocalCluster.ConnectHubAsync(cluster.Http, token);
        var watching = Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e =>
        {
            output.WriteLine($"{e.Seq} {e.Type} {e.Step?.Agent} {e.Step?.Action} {e.Step?.Status}");
            return e.Type is ChatEventTypes.Done or ChatEventTypes.Error;
        }, "the turn to finish after the kill", TimeSpan.FromSeconds(60));
        var events = await watching.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : throw new InvalidOperationException(cluster.Describe(), t.Exception));
        var resumedAt = events.First(e => e.Step is { Action: "resume" }).At;
        output.WriteLine($"resumed {(resumedAt - killedAt).TotalSeconds:0.00} s and finished {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s after the kill");

        var steps = events.Where(e => e.Step is not null).Select(e => $"{e.Step!.Agent} {e.Step.Action} {e.Step.Status}").ToList();
        Assert.Equal(ChatEventTypes.Done, events[^1].Type);
        Assert.Equal("Pro costs 42 EUR; print('42 EUR') prints it.", Assert.Single(events, e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text);
        Assert.Equal(1, web.Reads["pricing"]);
        Assert.Single(steps, s => s == "researcher step 1 done");
        Assert.Single(steps, s => s == "planner plan done");
        Assert.Contains("mediator resume running", steps);
        Assert.Equal(2, model.Requests.Count(r => r.Messages[0].Content.StartsWith("You are Sophia's researcher", StringComparison.Ordinal)));
        Assert.Contains(model.Requests.Last().Messages, m => m.Role == "tool" && m.Content.Contains("2. coder: print('42 EUR')"));
    }
}
