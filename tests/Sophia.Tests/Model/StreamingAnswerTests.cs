using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Model;

[Collection(ModelCollection.Name)]
public sealed class StreamingAnswerTests(ModelFixture fixture)
{
    private static bool Ends(ChatEvent e) => e.Type is ChatEventTypes.Done or ChatEventTypes.Error;

    private async Task<(HubConnection Hub, string Id)> NewConversationAsync(string token)
    {
        var hub = await fixture.Server.ConnectAsync(token);
        return (hub, await hub.InvokeAsync<string>("CreateConversation", "Model"));
    }

    [Fact]
    public async Task Answer_streams_as_deltas_then_the_whole_message_and_done_with_its_token_usage()
    {
        var reply = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["Our ", "launch ", "is ", "on ", "Monday."] });
        var (hub, id) = await NewConversationAsync(await fixture.Server.TokenAsync());
        await using var _ = hub;

        await hub.InvokeAsync<long>("SendMessage", id, "When is the launch?");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the streamed answer");

        var deltas = events.Where(e => e.Type == ChatEventTypes.Delta).ToList();
        Assert.True(deltas.Count >= 2, $"expected the answer in several deltas, got {deltas.Count}");
        Assert.Equal(reply.Text, string.Concat(deltas.Select(d => d.Text)));
        Assert.Equal((ChatEventTypes.Message, ChatRoles.Assistant, reply.Text), (events[^2].Type, events[^2].Role, events[^2].Text));
        Assert.Equal(ChatEventTypes.Done, events[^1].Type);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));

        Assert.Equal(new TurnUsage("mediator", OpenAiCompatibleServer.Model, OpenAiCompatibleServer.PromptTokens, reply.Tokens.Length), events[^1].Usage);
        using var usage = await fixture.Server.Http.SendAsync(fixture.Server.Request(HttpMethod.Get, $"/api/conversations/{id}/usage", await fixture.Server.TokenAsync()));
        Assert.Equal(
            $"{{\"turns\":[{{\"seq\":{events[^1].Seq},\"agent\":\"mediator\",\"model\":\"{OpenAiCompatibleServer.Model}\",\"inputTokens\":10,\"outputTokens\":5}}],\"agents\":[{{\"agent\":\"mediator\",\"model\":\"{OpenAiCompatibleServer.Model}\",\"inputTokens\":10,\"outputTokens\":5}}],\"inputTokens\":10,\"outputTokens\":5}}",
            await usage.Content.ReadAsStringAsync());

        var request = fixture.Model.Requests.Last();
        Assert.True(request.Stream);
        Assert.Equal(OpenAiCompatibleServer.Model, request.Body["model"]!.GetValue<string>());
        Assert.Equal(ModelFixture.GatewayHeaderValue, request.Headers[ModelFixture.GatewayHeader]);
        Assert.Equal(("user", "When is the launch?"), request.Messages[^1]);
        Assert.Equal("system", request.Messages[0].Role);
    }

    [Fact]
    public async Task Earlier_turns_are_sent_to_the_model_as_history()
    {
        fixture.Model.Enqueue(new ScriptedReply { Tokens = ["Blue."], TokenDelay = TimeSpan.Zero });
        fixture.Model.Enqueue(new ScriptedReply { Tokens = ["You said blue."], TokenDelay = TimeSpan.Zero });
        var (hub, id) = await NewConversationAsync(await fixture.Server.TokenAsync());
        await using var _ = hub;

        await hub.InvokeAsync<long>("SendMessage", id, "Pick a colour.");
        var first = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the first answer");
        await hub.InvokeAsync<long>("SendMessage", id, "Which colour did you pick?");
        await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, first[^1].Seq), Ends, "the second answer");

        var sent = fixture.Model.Requests.Last().Messages.Skip(1).ToList();
        Assert.Equal([("user", "Pick a colour."), ("assistant", "Blue."), ("user", "Which colour did you pick?")], sent);
    }

    [Fact]
    public async Task Reconnecting_mid_answer_from_the_last_seen_seq_misses_nothing_and_repeats_nothing()
    {
        var reply = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["one ", "two ", "three ", "four ", "five"], PauseAfterTokens = 2 });
        var token = await fixture.Server.TokenAsync();
        var (hub, id) = await NewConversationAsync(token);
        await hub.InvokeAsync<long>("SendMessage", id, "Count to five.");
        var beforeDrop = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type == ChatEventTypes.Delta, "the first delta");
        await Within.Wait(reply.Paused.Task.ContinueWith(_ => 0), "the model to pause mid-answer");
        await hub.DisposeAsync();

        reply.Release.SetResult();
        await using var again = await fixture.Server.ConnectAsync(token);
        var afterDrop = await Within.CollectUntil(again.StreamAsync<ChatEvent>("Watch", id, beforeDrop[^1].Seq), Ends, "the rest of the answer");

        var all = beforeDrop.Concat(afterDrop).ToList();
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.Equal(reply.Text, string.Concat(all.Where(e => e.Type == ChatEventTypes.Delta).Select(e => e.Text)));
        Assert.Equal(ChatEventTypes.Done, all[^1].Type);
    }

    [Fact]
    public async Task A_failing_model_ends_the_turn_with_an_error_event_not_an_invented_answer()
    {
        fixture.Model.Enqueue(new ScriptedReply { Tokens = [], Status = 400 });
        var (hub, id) = await NewConversationAsync(await fixture.Server.TokenAsync());
        await using var _ = hub;

        await hub.InvokeAsync<long>("SendMessage", id, "Hello?");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the error");

        Assert.Equal(ChatEventTypes.Error, events[^1].Type);
        Assert.Contains("refused the request (HTTP 400)", events[^1].Text);
        Assert.DoesNotContain(events, e => e.Role == ChatRoles.Assistant && e.Type == ChatEventTypes.Message);
    }

    [Fact]
    public async Task A_model_that_stays_down_ends_the_turn_with_a_clear_error_after_bounded_retries()
    {
        var before = fixture.Model.Requests.Count;
        for (var i = 0; i < 4; i++)
        {
            fixture.Model.Enqueue(new ScriptedReply { Tokens = [], Status = 503 });
        }

        var (hub, id) = await NewConversationAsync(await fixture.Server.TokenAsync());
        await using var _ = hub;

        await hub.InvokeAsync<long>("SendMessage", id, "Hello?");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the error");

        Assert.Equal(ChatEventTypes.Error, events[^1].Type);
        Assert.Contains("failing (HTTP 503)", events[^1].Text);
        Assert.Equal(4, fixture.Model.Requests.Count - before);
    }

    [Fact]
    public async Task Readiness_checks_the_model_endpoint_for_real()
    {
        using var ready = await fixture.Server.ReadinessAsync();
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(OpenAiCompatibleServer.Model, body.RootElement.GetProperty("checks").GetProperty("chat-model").GetProperty("detail").GetString());
    }
}
