using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Model;

[Collection(ModelCollection.Name)]
public sealed class DoubleTextingTests(ModelFixture fixture)
{
    private static bool IsDone(ChatEvent e) => e.Type == ChatEventTypes.Done;

    /// <summary>A conversation whose first answer is paused mid-stream after two tokens.</summary>
    private async Task<(HubConnection Hub, string Id, ScriptedReply First)> BusyConversationAsync(string policy)
    {
        var first = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["one ", "two ", "three"], PauseAfterTokens = 2, TokenDelay = TimeSpan.Zero });
        var hub = await fixture.Server.ConnectAsync(await fixture.Server.TokenAsync());
        var id = await hub.InvokeAsync<string>("CreateConversation", $"policy {policy}");
        Assert.Equal(policy, await hub.InvokeAsync<string>("SetPolicy", id, policy));
        await hub.InvokeAsync<long>("SendMessage", id, "first");
        await Within.Wait(first.Paused.Task.ContinueWith(_ => 0), "the first answer to pause");
        await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type == ChatEventTypes.Delta, "the first delta");
        return (hub, id, first);
    }

    [Fact]
    public async Task Enqueue_answers_a_second_message_after_the_first()
    {
        var (hub, id, first) = await BusyConversationAsync(DoubleTextingPolicy.Enqueue);
        await using var _ = hub;
        var second = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["second answer"], TokenDelay = TimeSpan.Zero });

        await hub.InvokeAsync<long>("SendMessage", id, "second");
        first.Release.SetResult();
        var answers = 0;
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => IsDone(e) && ++answers == 2, "both answers");
        var messages = events.Where(e => e.Type == ChatEventTypes.Message).Select(e => (e.Role, e.Text)).ToList();

        Assert.Equal([(ChatRoles.User, "first"), (ChatRoles.User, "second"), (ChatRoles.Assistant, first.Text), (ChatRoles.Assistant, second.Text)], messages);
        Assert.Equal(2, events.Count(IsDone));
    }

    [Fact]
    public async Task Reject_refuses_a_second_message_with_a_clear_error_and_writes_nothing()
    {
        var (hub, id, first) = await BusyConversationAsync(DoubleTextingPolicy.Reject);
        await using var _ = hub;

        var token = await fixture.Server.TokenAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<long>("SendMessage", id, "second"));
        var rest = fixture.Server.Request(HttpMethod.Post, $"/api/conversations/{id}/messages", token);
        rest.Content = System.Net.Http.Json.JsonContent.Create(new { text = "second" });
        using var restResponse = await fixture.Server.Http.SendAsync(rest);
        first.Release.SetResult();
        await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), IsDone, "the first answer");

        Assert.Contains("still answering", error.Message);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, restResponse.StatusCode);
        Assert.DoesNotContain(await fixture.Server.MessagesAsync(token, id), m => m.Text == "second");
    }

    [Fact]
    public async Task Interrupt_stops_the_running_answer_keeps_what_it_wrote_and_answers_the_new_message()
    {
        var (hub, id, first) = await BusyConversationAsync(DoubleTextingPolicy.Interrupt);
        await using var _ = hub;
        var second = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["second answer"], TokenDelay = TimeSpan.Zero });

        await hub.InvokeAsync<long>("SendMessage", id, "second");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), IsDone, "the second answer");
        first.Release.SetResult();

        var kinds = events.Where(e => e.Type != ChatEventTypes.Delta).Select(e => (e.Type, e.Role, e.Text)).ToList();
        Assert.Equal(
            [
                (ChatEventTypes.Message, ChatRoles.User, "first"),
                (ChatEventTypes.Message, ChatRoles.Assistant, "one two "),
                (ChatEventTypes.Error, ChatRoles.Assistant, "Stopped: a newer message arrived and this conversation's policy is 'interrupt'."),
                (ChatEventTypes.Message, ChatRoles.User, "second"),
                (ChatEventTypes.Message, ChatRoles.Assistant, second.Text),
                (ChatEventTypes.Done, ChatRoles.Assistant, ""),
            ],
            kinds);
    }

    [Fact]
    public async Task The_conversation_list_shows_the_policy_set()
    {
        var token = await fixture.Server.CreateUserAsync("policy-lister");
        await using var hub = await fixture.Server.ConnectAsync(token);
        var id = await hub.InvokeAsync<string>("CreateConversation", "listed policy");

        await hub.InvokeAsync<string>("SetPolicy", id, DoubleTextingPolicy.Interrupt);
        using var list = await fixture.Server.Http.SendAsync(fixture.Server.Request(HttpMethod.Get, "/api/conversations", token));

        Assert.Contains("\"policy\":\"interrupt\"", await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_policy_is_refused_with_the_valid_names()
    {
        await using var hub = await fixture.Server.ConnectAsync(await fixture.Server.TokenAsync());
        var id = await hub.InvokeAsync<string>("CreateConversation", "policy typo");

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<string>("SetPolicy", id, "queue"));

        Assert.Contains("enqueue, reject, interrupt", error.Message);
    }
}
