using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Model;

/// <summary>A risky tool call waits for a person: approved, refused, and still pending across a restart.</summary>
public sealed class ApprovalTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private OpenAiCompatibleServer _model = null!;
    private WebhookReceiver _webhook = null!;

    public async Task InitializeAsync()
    {
        _model = await OpenAiCompatibleServer.StartAsync();
        _webhook = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _webhook.DisposeAsync();
        await _model.DisposeAsync();
        _data.Dispose();
    }

    private Task<SophiaServer> StartSophiaAsync() => SophiaServer.StartAsync(_data.Path, _model.SophiaSettings(("Sophia:Tools:WebhookUrl", _webhook.Url)));

    private static bool Ends(ChatEvent e) => e.Type is ChatEventTypes.Done or ChatEventTypes.Error;

    private static bool AsksApproval(ChatEvent e) => e.Step is { Action: "approval", Status: "pending" };

    /// <summary>Sends a message the scripted model answers with a post_webhook call; returns the approval id.</summary>
    private async Task<(string Id, string ApprovalId, long LastSeq)> AskToPostAsync(HubConnection hub)
    {
        _model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("post_webhook", """{"message":"Release 2.4 is live"}""") });
        var id = await hub.InvokeAsync<string>("CreateConversation", "Release");
        await hub.InvokeAsync<long>("SendMessage", id, "Tell the team that release 2.4 is live.");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), AsksApproval, "the approval request");
        return (id, events[^1].Step!.ApprovalId!, events[^1].Seq);
    }

    [Fact]
    public async Task An_approved_call_runs_once_and_the_answer_uses_its_result()
    {
        await using var sophia = await StartSophiaAsync();
        await using var hub = await sophia.ConnectAsync(await sophia.TokenAsync());
        var (id, approvalId, asked) = await AskToPostAsync(hub);
        Assert.Empty(_webhook.Posts);
        _model.Enqueue(new ScriptedReply { Tokens = ["Posted ", "to the team."], TokenDelay = TimeSpan.Zero });

        await hub.InvokeAsync("Approve", id, approvalId, true, null);
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, asked), Ends, "the resumed answer");
        await hub.InvokeAsync("Approve", id, approvalId, true, null);
        var contrary = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("Approve", id, approvalId, false, null));

        Assert.Equal(["Release 2.4 is live"], _webhook.Posts);
        Assert.Equal([("approval", "approved"), ("call tool", "running"), ("call tool", "done")], events.Where(e => e.Step is not null).Select(e => (e.Step!.Action, e.Step.Status)));
        Assert.Equal("Posted to the team.", events.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text);
        Assert.Equal(ChatEventTypes.Done, events[^1].Type);
        Assert.Contains(_model.Requests.Last().Messages, m => m is { Role: "tool", Content: "Posted." });
        Assert.Contains("already approved", contrary.Message);
    }

    [Fact]
    public async Task A_refused_call_never_runs_and_the_model_hears_why()
    {
        await using var sophia = await StartSophiaAsync();
        await using var hub = await sophia.ConnectAsync(await sophia.TokenAsync());
        var (id, approvalId, asked) = await AskToPostAsync(hub);
        _model.Enqueue(new ScriptedReply { Tokens = ["Understood, ", "I did not post."], TokenDelay = TimeSpan.Zero });

        await hub.InvokeAsync("Approve", id, approvalId, false, "wait for the release notes");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, asked), Ends, "the answer after the refusal");

        Assert.Empty(_webhook.Posts);
        Assert.Equal("refused", events.First(e => e.Step is not null).Step!.Status);
        Assert.Contains(_model.Requests.Last().Messages, m => m.Role == "tool" && m.Content.Contains("refused to run post_webhook: wait for the release notes"));
    }

    [Fact]
    public async Task An_approval_still_pending_after_a_restart_can_be_given_and_the_turn_resumes()
    {
        string token, id, approvalId;
        long asked;
        await using (var before = await StartSophiaAsync())
        {
            token = await before.TokenAsync();
            await using var hub = await before.ConnectAsync(token);
            (id, approvalId, asked) = await AskToPostAsync(hub);
        }

        _model.Enqueue(new ScriptedReply { Tokens = ["Done after the restart."], TokenDelay = TimeSpan.Zero });
        await using var after = await StartSophiaAsync();
        await using var again = await after.ConnectAsync(token);
        await again.InvokeAsync("Approve", id, approvalId, true, null);
        var events = await Within.CollectUntil(again.StreamAsync<ChatEvent>("Watch", id, asked), Ends, "the answer resumed after the restart");

        Assert.Equal(["Release 2.4 is live"], _webhook.Posts);
        Assert.DoesNotContain(events, e => e.Type == ChatEventTypes.Error);
        Assert.Equal("Done after the restart.", events.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text);
    }

    [Fact]
    public async Task Tools_command_lists_the_webhook_as_risky_and_run_waits_for_its_approval()
    {
        await using var sophia = await StartSophiaAsync();
        await using var hub = await sophia.ConnectAsync(await sophia.TokenAsync());
        var id = await hub.InvokeAsync<string>("CreateConversation", "Commands");

        await hub.InvokeAsync<long>("SendMessage", id, "/tools");
        var listed = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the tool list");
        await hub.InvokeAsync<long>("SendMessage", id, "/run post_webhook hello");
        var asked = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, listed[^1].Seq), AsksApproval, "the approval request");
        var postedBeforeApproval = _webhook.Posts.ToList();
        await hub.InvokeAsync("Approve", id, asked[^1].Step!.ApprovalId!, true, null);
        var ran = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, asked[^1].Seq), Ends, "the approved run");

        Assert.Contains("post_webhook (risky)", listed.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text);
        Assert.Empty(postedBeforeApproval);
        Assert.Equal(["hello"], _webhook.Posts);
        Assert.Equal("Posted.", ran.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text);
    }

    [Fact]
    public async Task Another_user_cannot_decide_an_approval()
    {
        await using var sophia = await StartSophiaAsync();
        await using var hub = await sophia.ConnectAsync(await sophia.TokenAsync());
        var (id, approvalId, _) = await AskToPostAsync(hub);
        await using var stranger = await sophia.ConnectAsync(await sophia.CreateUserAsync("stranger"));

        var refused = await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync("Approve", id, approvalId, true, null));

        Assert.Contains("Unknown conversation", refused.Message);
        Assert.Empty(_webhook.Posts);
    }
}
