using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Model;

/// <summary>The swarm works a turn together: the mediator hands a goal to the planner, the researcher and the coder run the steps.</summary>
public sealed class SwarmTests : IAsyncLifetime
{
    private const string PricingPage = "<html><head><title>Pricing</title><script>track()</script></head><body><h1>Pricing</h1><p>Pro costs 42 EUR a month.</p></body></html>";

    private readonly TempFolder _data = new();
    private OpenAiCompatibleServer _model = null!;
    private WebhookReceiver _webhook = null!;
    private WebPageServer _web = null!;
    private SophiaServer _sophia = null!;
    private HubConnection _hub = null!;

    public async Task InitializeAsync()
    {
        _model = await OpenAiCompatibleServer.StartAsync();
        _webhook = await WebhookReceiver.StartAsync();
        _web = await WebPageServer.StartAsync(new Dictionary<string, string> { ["pricing"] = PricingPage });
        _sophia = await SophiaServer.StartAsync(_data.Path, _model.SophiaSettings(("Sophia:Tools:WebhookUrl", _webhook.Url)));
        _hub = await _sophia.ConnectAsync(await _sophia.TokenAsync());
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _sophia.DisposeAsync();
        await _web.DisposeAsync();
        await _webhook.DisposeAsync();
        await _model.DisposeAsync();
        _data.Dispose();
    }

    private static bool Ends(ChatEvent e) => e.Type is ChatEventTypes.Done or ChatEventTypes.Error;

    private void Reply(string text) => _model.Enqueue(new ScriptedReply { Tokens = [text], TokenDelay = TimeSpan.Zero });

    private void Call(string tool, string arguments) => _model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = (tool, arguments) });

    private async Task<(string Id, List<ChatEvent> Events)> AskAsync(string text, Func<ChatEvent, bool> until)
    {
        var id = await _hub.InvokeAsync<string>("CreateConversation", "Swarm");
        await _hub.InvokeAsync<long>("SendMessage", id, text);
        return (id, await Within.CollectUntil(_hub.StreamAsync<ChatEvent>("Watch", id, 0L), until, "the swarm's events"));
    }

    private static List<(string Agent, string Action, string? Tool, string Status)> Steps(IEnumerable<ChatEvent> events) =>
        events.Where(e => e.Step is not null).Select(e => (e.Step!.Agent, e.Step.Action, e.Step.Tool, e.Step.Status)).ToList();

    [Fact]
    public async Task A_three_step_plan_runs_across_planner_researcher_and_coder_and_every_step_is_an_event_in_order()
    {
        Call("make_plan", """{"goal":"Find the Pro price and write a script that prints it"}""");
        Reply("""{"steps":[{"agent":"researcher","task":"Read the pricing page","tool":"read_web_page"},{"agent":"coder","task":"Write a script that prints the price","tool":"current_time"},{"agent":"researcher","task":"Check the script against the page","tool":null}]}""");
        Call("read_web_page", $$"""{"url":"{{_web.UrlOf("pricing")}}"}""");
        Reply("Pro costs 42 EUR a month (pricing page).");
        Call("current_time", "{}");
        Reply("print('42 EUR')");
        Reply("The script matches the page.");
        _model.Enqueue(new ScriptedReply { Tokens = ["Pro costs ", "42 EUR; ", "run print('42 EUR')."], TokenDelay = TimeSpan.Zero });

        var (id, events) = await AskAsync("What does Pro cost? Give me a script that prints it.", Ends);

        Assert.Equal(
        [
            ("planner", "plan", null, "running"), ("planner", "plan", null, "done"),
            ("researcher", "step 1", "read_web_page", "running"), ("researcher", "call tool", "read_web_page", "running"), ("researcher", "call tool", "read_web_page", "done"), ("researcher", "step 1", "read_web_page", "done"),
            ("coder", "step 2", "current_time", "running"), ("coder", "call tool", "current_time", "running"), ("coder", "call tool", "current_time", "done"), ("coder", "step 2", "current_time", "done"),
            ("researcher", "step 3", null, "running"), ("researcher", "step 3", null, "done"),
        ], Steps(events));
        Assert.Equal("Pro costs 42 EUR; run print('42 EUR').", events.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text);
        Assert.Equal(ChatEventTypes.Done, events[^1].Type);
        Assert.Equal(1, _web.Reads["pricing"]);

        var requests = _model.Requests.ToList();
        Assert.Contains(requests[3].Messages, m => m.Role == "tool" && m.Content.Contains("Pro costs 42 EUR a month.") && !m.Content.Contains("track()"));
        Assert.Contains("Step 1 (researcher) found:\nPro costs 42 EUR a month (pricing page).", requests[4].Messages[^1].Content);
        Assert.Contains(requests[^1].Messages, m => m.Role == "tool" && m.Content.Contains("2. coder: print('42 EUR')"));
        Assert.Equal(["planner", "researcher", "coder", "researcher"], events.Where(e => e.Usage is not null && e.Type == ChatEventTypes.Step).Select(e => e.Usage!.Agent));
        using var usage = await _sophia.Http.SendAsync(_sophia.Request(HttpMethod.Get, $"/api/conversations/{id}/usage", await _sophia.TokenAsync()));
        var agents = (await usage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("agents").EnumerateArray()
            .ToDictionary(a => a.GetProperty("agent").GetString()!, a => a.GetProperty("inputTokens").GetInt64());
        // The local server bills 10 prompt tokens for each answer that is text; tool-call answers carry no usage.
        Assert.Equal(new Dictionary<string, long> { ["mediator"] = 10, ["planner"] = 10, ["researcher"] = 20, ["coder"] = 10 }, agents);
    }

    [Fact]
    public async Task A_risky_call_in_a_step_handed_to_the_coder_waits_for_approval_then_the_plan_finishes()
    {
        Reply("""{"steps":[{"agent":"researcher","task":"Read the pricing page","tool":"read_web_page"},{"agent":"coder","task":"Post the price to the team","tool":"post_webhook"}]}""");
        Call("read_web_page", $$"""{"url":"{{_web.UrlOf("pricing")}}"}""");
        Reply("Pro costs 42 EUR.");
        Call("post_webhook", """{"message":"Pro costs 42 EUR"}""");

        var (id, asked) = await AskAsync("/plan Tell the team what Pro costs", e => e.Step is { Action: "approval", Status: "pending" } || Ends(e));
        var approval = asked[^1].Step!;
        Assert.Equal(("coder", "post_webhook"), (approval.Agent, approval.Tool));
        Assert.Empty(_webhook.Posts);

        Reply("Posted the price.");
        Reply("I told the team that Pro costs 42 EUR.");
        await _hub.InvokeAsync("Approve", id, approval.ApprovalId, true, null);
        var events = await Within.CollectUntil(_hub.StreamAsync<ChatEvent>("Watch", id, asked[^1].Seq), Ends, "the plan to finish after the approval");

        Assert.Equal(["Pro costs 42 EUR"], _webhook.Posts);
        Assert.Equal(
            [("coder", "approval", "post_webhook", "approved"), ("coder", "call tool", "post_webhook", "running"), ("coder", "call tool", "post_webhook", "done"), ("coder", "step 2", "post_webhook", "done")],
            Steps(events));
        Assert.Contains(_model.Requests.ToList()[^2].Messages, m => m is { Role: "tool", Content: "Posted." });
        Assert.Equal("I told the team that Pro costs 42 EUR.", events.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text);
        Assert.Equal(1, _web.Reads["pricing"]);
    }

    [Fact]
    public async Task A_plan_waiting_for_approval_survives_a_restart_and_finishes_from_its_step_log()
    {
        Reply("""{"steps":[{"agent":"researcher","task":"Read the pricing page","tool":"read_web_page"},{"agent":"coder","task":"Post the price to the team","tool":"post_webhook"}]}""");
        Call("read_web_page", $$"""{"url":"{{_web.UrlOf("pricing")}}"}""");
        Reply("Pro costs 42 EUR.");
        Call("post_webhook", """{"message":"Pro costs 42 EUR"}""");
        var (id, asked) = await AskAsync("/plan Tell the team what Pro costs", e => e.Step is { Action: "approval", Status: "pending" } || Ends(e));

        await _hub.DisposeAsync();
        await _sophia.DisposeAsync();
        _sophia = await SophiaServer.StartAsync(_data.Path, _model.SophiaSettings(("Sophia:Tools:WebhookUrl", _webhook.Url)));
        _hub = await _sophia.ConnectAsync(await _sophia.TokenAsync());
        Reply("Posted the price.");
        Reply("The team knows that Pro costs 42 EUR.");
        await _hub.InvokeAsync("Approve", id, asked[^1].Step!.ApprovalId, true, null);
        var events = await Within.CollectUntil(_hub.StreamAsync<ChatEvent>("Watch", id, asked[^1].Seq), Ends, "the plan to finish after the restart");

        Assert.Equal(["Pro costs 42 EUR"], _webhook.Posts);
        Assert.Equal(1, _web.Reads["pricing"]);
        Assert.Contains(_model.Requests.ToList()[^2].Messages, m => m.Role == "user" && m.Content.Contains("Step 1 (researcher) found:\nPro costs 42 EUR."));
        Assert.Equal("The team knows that Pro costs 42 EUR.", events.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text);
    }

    [Fact]
    public async Task A_plan_the_planner_gets_wrong_is_reported_and_answered_without_steps()
    {
        Reply("""{"steps":[{"agent":"astrologer","task":"Read the stars"}]}""");
        Reply("I could not plan that, but here is what I know.");

        var (_, events) = await AskAsync("/plan Predict next quarter", Ends);

        var failed = events.Single(e => e.Step is { Agent: "planner", Status: "failed" });
        Assert.Contains("unknown agent 'astrologer'", failed.Text);
        Assert.Equal(ChatEventTypes.Done, events[^1].Type);
        Assert.Contains(_model.Requests.Last().Messages, m => m.Role == "tool" && m.Content.StartsWith("No plan:", StringComparison.Ordinal));
    }
}
