using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Hub;

[Collection(ServerCollection.Name)]
public sealed class ChatHubTests(ServerFixture fixture)
{
    private SophiaServer Server => fixture.Server;

    private static bool IsDone(ChatEvent e) => e.Type == ChatEventTypes.Done;

    [Fact]
    public async Task Create_send_and_watch_delivers_the_message_and_the_offline_answer_in_order()
    {
        await using var hub = await Server.ConnectAsync(await Server.TokenAsync());
        var id = await hub.InvokeAsync<string>("CreateConversation", "Launch plan");

        var seq = await hub.InvokeAsync<long>("SendMessage", id, "When do we launch?");
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), IsDone, "the offline answer");

        Assert.Equal(1, seq);
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Seq));
        Assert.Equal((ChatEventTypes.Message, ChatRoles.User, "When do we launch?"), (events[0].Type, events[0].Role, events[0].Text));
        Assert.Equal([ChatEventTypes.Delta, ChatEventTypes.Message, ChatEventTypes.Done], events.Skip(1).Select(e => e.Type));
        Assert.Equal(ChatRoles.Assistant, events[2].Role);
        Assert.Contains("No chat model is configured", events[2].Text);
        Assert.Contains("Sophia:Llm:ApiKey", events[2].Text);
    }

    [Fact]
    public async Task Watching_again_from_the_last_seen_seq_misses_nothing_and_repeats_nothing()
    {
        var token = await Server.TokenAsync();
        string id;
        List<ChatEvent> seen;
        await using (var first = await Server.ConnectAsync(token))
        {
            id = await first.InvokeAsync<string>("CreateConversation", "Resume");
            await first.InvokeAsync<long>("SendMessage", id, "one");
            seen = await Within.CollectUntil(first.StreamAsync<ChatEvent>("Watch", id, 0L), IsDone, "the first answer");
        }

        // Sent while nobody watches: the next watch must start exactly after the last event seen.
        await using var second = await Server.ConnectAsync(token);
        var sent = await second.InvokeAsync<long>("SendMessage", id, "two");
        var resumed = await Within.CollectUntil(second.StreamAsync<ChatEvent>("Watch", id, seen[^1].Seq), IsDone, "the second answer");

        Assert.Equal(seen[^1].Seq + 1, sent);
        Assert.Equal(Enumerable.Range(1, seen.Count + resumed.Count).Select(i => (long)i), seen.Concat(resumed).Select(e => e.Seq));
        Assert.Equal("two", resumed[0].Text);
    }

    [Fact]
    public async Task Conversations_and_messages_are_listed_over_rest()
    {
        var token = await Server.CreateUserAsync("rest-reader");
        await using var hub = await Server.ConnectAsync(token);
        var id = await hub.InvokeAsync<string>("CreateConversation", "Listed");
        await hub.InvokeAsync<long>("SendMessage", id, "hello");
        await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), IsDone, "the answer");

        using var list = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/api/conversations", token));
        var conversations = await list.Content.ReadFromJsonAsync<List<ConversationSummary>>(JsonSerializerOptions.Web);
        var all = await Server.MessagesAsync(token, id);
        var afterFirst = await Server.MessagesAsync(token, id, after: 1);

        Assert.Equal("Listed", Assert.Single(conversations!).Title);
        Assert.Equal([ChatRoles.User, ChatRoles.Assistant], all.Select(m => m.Role));
        Assert.All(all, m => Assert.Equal(ChatEventTypes.Message, m.Type));
        Assert.Equal(ChatRoles.Assistant, Assert.Single(afterFirst).Role);
    }

    [Fact]
    public async Task A_rest_send_repeated_with_the_same_idempotency_key_is_stored_once()
    {
        var token = await Server.CreateUserAsync("retrying-client");
        using var created = await Server.Http.SendAsync(WithJson(Server.Request(HttpMethod.Post, "/api/conversations", token), new { title = "Retries" }));
        var id = (await created.Content.ReadFromJsonAsync<ConversationSummary>(JsonSerializerOptions.Web))!.Id;

        async Task<string> SendAsync()
        {
            var request = WithJson(Server.Request(HttpMethod.Post, $"/api/conversations/{id}/messages", token), new { text = "transfer 100 EUR" });
            request.Headers.Add("Idempotency-Key", "transfer-42");
            using var response = await Server.Http.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        }

        var first = await SendAsync();
        var second = await SendAsync();

        Assert.Equal("{\"seq\":1}", first);
        Assert.Equal(first, second);
        Assert.Single(await Server.MessagesAsync(token, id), m => m.Role == ChatRoles.User);
    }

    [Fact]
    public async Task A_hub_send_repeated_with_the_same_request_id_after_a_reconnect_is_stored_once_and_every_event_names_its_turn()
    {
        var token = await Server.CreateUserAsync("reconnecting-client");
        await using var first = await Server.ConnectAsync(token);
        var id = await first.InvokeAsync<string>("CreateConversation", "Reconnects");
        var seq = await first.InvokeAsync<long>("SendMessage", id, "/run current_time", "send-7");
        await first.StopAsync();

        await using var second = await Server.ConnectAsync(token);
        var again = await second.InvokeAsync<long>("SendMessage", id, "/run current_time", "send-7");
        var plain = await second.InvokeAsync<long>("SendMessage", id, "/tools");
        var events = await Within.CollectUntil(second.StreamAsync<ChatEvent>("Watch", id, 0L), e => IsDone(e) && e.Turn == plain, "both answers");

        Assert.Equal(seq, again);
        Assert.Single(events, e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.User } && e.Text == "/run current_time");
        Assert.All(events, e => Assert.Contains(e.Turn, new[] { seq, plain }));
        Assert.All(events.Where(e => e.Role == ChatRoles.User), e => Assert.Equal(e.Seq, e.Turn));
        Assert.Single(events, e => IsDone(e) && e.Turn == seq);
        Assert.Contains(events, e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant } && e.Turn == plain && e.Text.Contains("current_time"));
    }

    private static HttpRequestMessage WithJson(HttpRequestMessage request, object body)
    {
        request.Content = JsonContent.Create(body);
        return request;
    }

    [Fact]
    public async Task Message_over_32_KB_is_rejected_with_the_limit_and_nothing_is_written_while_32_KB_passes()
    {
        var token = await Server.TokenAsync();
        await using var hub = await Server.ConnectAsync(token);
        var id = await hub.InvokeAsync<string>("CreateConversation", "Limits");

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<long>("SendMessage", id, new string('é', 16_385)));

        Assert.Contains("32768 bytes", error.Message);
        Assert.Empty(await Server.MessagesAsync(token, id));
        Assert.Equal(1, await hub.InvokeAsync<long>("SendMessage", id, new string('é', 16_384)));
    }

    [Fact]
    public async Task Overlong_title_is_rejected_and_no_conversation_is_created()
    {
        var token = await Server.CreateUserAsync("title-tester");
        await using var hub = await Server.ConnectAsync(token);

        var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<string>("CreateConversation", new string('t', 201)));

        Assert.Contains("limit is 200", error.Message);
        using var list = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/api/conversations", token));
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("no-such-conversation")]
    [InlineData("../../etc/passwd")]
    [InlineData("")]
    public async Task Unknown_conversation_id_is_rejected_on_send_and_watch(string id)
    {
        await using var hub = await Server.ConnectAsync(await Server.TokenAsync());

        var send = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<long>("SendMessage", id, "hello"));
        var watch = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in hub.StreamAsync<ChatEvent>("Watch", id, 0L))
            {
            }
        });

        Assert.Contains("Unknown conversation", send.Message);
        Assert.Contains("Unknown conversation", watch.Message);
    }

    [Fact]
    public async Task Another_users_conversation_is_unknown_to_them_and_stays_untouched()
    {
        var ownerToken = await Server.CreateUserAsync("owner");
        var strangerToken = await Server.CreateUserAsync("stranger");
        await using var owner = await Server.ConnectAsync(ownerToken);
        var id = await owner.InvokeAsync<string>("CreateConversation", "Private");
        await using var stranger = await Server.ConnectAsync(strangerToken);

        await Assert.ThrowsAsync<HubException>(() => stranger.InvokeAsync<long>("SendMessage", id, "let me in"));
        using var read = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, $"/api/conversations/{id}/messages", strangerToken));

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Empty(await Server.MessagesAsync(ownerToken, id));
    }

    [Fact]
    public async Task Calls_without_a_valid_token_are_refused()
    {
        var hub = new HubConnectionBuilder().WithUrl($"{Server.BaseUrl}/hubs/chat").Build();
        var forged = new HubConnectionBuilder()
            .WithUrl($"{Server.BaseUrl}/hubs/chat", o => o.AccessTokenProvider = () => Task.FromResult<string?>("eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl"))
            .Build();

        var anonymous = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        var invalid = await Assert.ThrowsAsync<HttpRequestException>(() => forged.StartAsync());
        using var rest = await Server.Http.GetAsync("/api/conversations");
        using var wrongPassword = await Server.Http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "not-the-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rest.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
    }

    [Fact]
    public async Task Token_request_without_credentials_gets_a_400_that_says_what_to_send()
    {
        using var response = await Server.Http.PostAsJsonAsync("/api/auth/token", new { username = "admin" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("password", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_reports_each_dependency_checked()
    {
        using var live = await Server.Http.GetAsync("/healthz");
        using var ready = await Server.ReadinessAsync();
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("up", checks.GetProperty("sqlite").GetProperty("status").GetString());
        Assert.Equal("up", checks.GetProperty("orleans").GetProperty("status").GetString());
        Assert.Contains("not configured", checks.GetProperty("chat-model").GetProperty("detail").GetString());
    }
}
