using System.Text;
using System.Text.Json;
using static Sophia.Tests.Automation.AutomationApi;

namespace Sophia.Tests.Automation;

public sealed class WebhookTests
{
    [Fact]
    public async Task Signed_hook_delivery_starts_an_answered_turn_while_bad_stale_and_replayed_ones_post_nothing()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path);
        var admin = await server.TokenAsync();
        var (status, created) = await SendAsync(server, HttpMethod.Post, "/api/hooks", admin, new { name = "deploys", prompt = "A deploy finished: say which service and version." });
        Assert.Equal(201, status);
        var secret = created.GetProperty("secret").GetString()!;
        var conversation = created.GetProperty("hook").GetProperty("conversationId").GetString()!;
        Assert.DoesNotContain(secret, (await SendAsync(server, HttpMethod.Get, "/api/hooks", admin)).Body.ToString());

        var body = Encoding.UTF8.GetBytes("""{"service":"billing","version":"4.2.0"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        async Task<(int Status, string Text)> DeliverAsync(string path, string id, string timestamp, string signature, byte[] payload)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(payload) };
            request.Headers.Add("X-Sophia-Delivery", id);
            request.Headers.Add("X-Sophia-Timestamp", timestamp);
            request.Headers.Add("X-Sophia-Signature", signature);
            using var response = await server.Http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var accepted = await DeliverAsync("/hooks/default/deploys", "d-1", now, Sign(secret, now, "d-1", body), body);
        Assert.Equal(202, accepted.Status);
        Assert.Equal(conversation, JsonDocument.Parse(accepted.Text).RootElement.GetProperty("conversationId").GetString());
        var answered = await MessagesWhenAsync(server, () => Task.FromResult(admin), conversation, m => m.Any(e => e.Role == ChatRoles.Assistant), "the hook's turn to be answered");
        Assert.Contains("billing", Assert.Single(answered, e => e.Role == ChatRoles.User).Text);

        var stale = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds().ToString();
        var forged = await DeliverAsync("/hooks/default/deploys", "d-2", now, Sign("whsec_not-the-secret", now, "d-2", body), body);
        var old = await DeliverAsync("/hooks/default/deploys", "d-3", stale, Sign(secret, stale, "d-3", body), body);
        var replay = await DeliverAsync("/hooks/default/deploys", "d-1", now, Sign(secret, now, "d-1", body), body);
        var noHook = await DeliverAsync("/hooks/default/nothing", "d-4", now, Sign(secret, now, "d-4", body), body);
        var noTenant = await DeliverAsync("/hooks/nobody/deploys", "d-5", now, Sign(secret, now, "d-5", body), body);
        var big = new byte[25 * 1024];
        var tooLarge = await DeliverAsync("/hooks/default/deploys", "d-6", now, Sign(secret, now, "d-6", big), big);
        Assert.Equal((401, 401, 409, 404, 404, 413), (forged.Status, old.Status, replay.Status, noHook.Status, noTenant.Status, tooLarge.Status));
        Assert.Contains("signature does not match", forged.Text);
        Assert.Contains("5 minutes", old.Text);
        Assert.Equal(JsonDocument.Parse(noHook.Text).RootElement.GetProperty("title").GetString(), JsonDocument.Parse(noTenant.Text).RootElement.GetProperty("title").GetString());
        Assert.Single(await server.MessagesAsync(admin, conversation), e => e.Role == ChatRoles.User);
    }

    [Fact]
    public async Task Event_deliveries_are_retried_until_they_land_once_signed_and_dead_letters_replay()
    {
        using var data = new TempFolder();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await SophiaServer.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Sophia:Webhooks:FirstRetrySeconds"] = "0.2",
            ["Sophia:Webhooks:MaxAttempts"] = "3",
        });
        var admin = await server.TokenAsync();
        var badEvent = await SendAsync(server, HttpMethod.Post, "/api/webhooks", admin, new { url = receiver.EventsUrl, events = new[] { "turn.finished" } });
        Assert.Equal(400, badEvent.Status);
        var (status, created) = await SendAsync(server, HttpMethod.Post, "/api/webhooks", admin, new { url = receiver.EventsUrl, events = new[] { "turn.done" } });
        Assert.Equal(201, status);
        var secret = created.GetProperty("secret").GetString()!;
        var conversation = (await SendAsync(server, HttpMethod.Post, "/api/conversations", admin, new { title = "events" })).Body.GetProperty("id").GetString()!;

        // The first attempt is answered 500; the retry lands, and nothing is sent after it.
        receiver.FailNext = 1;
        await SendAsync(server, HttpMethod.Post, $"/api/conversations/{conversation}/messages", admin, new { text = "hello" });
        await UntilAsync(() => Task.FromResult(receiver.Deliveries.Any(d => d.AnsweredStatus == 200)), "the retried delivery to land");
        await UntilAsync(async () => (await SendAsync(server, HttpMethod.Get, "/api/webhooks/deliveries", admin)).Body.GetProperty("deliveries").GetArrayLength() == 0, "no delivery left pending");
        var attempts = receiver.Deliveries.ToList();
        Assert.Equal([500, 200], attempts.Select(d => d.AnsweredStatus));
        Assert.Single(attempts.Select(d => d.Headers["X-Sophia-Delivery"]).Distinct());
        var landed = attempts[1];
        Assert.Equal(Sign(secret, landed.Headers["X-Sophia-Timestamp"], landed.Headers["X-Sophia-Delivery"], landed.Body), landed.Headers["X-Sophia-Signature"]);
        var payload = JsonDocument.Parse(landed.Body).RootElement;
        Assert.Equal(("turn.done", conversation), (payload.GetProperty("type").GetString(), payload.GetProperty("data").GetProperty("conversationId").GetString()));

        // A receiver that keeps failing: after three attempts the delivery is a dead letter, and a replay delivers it.
        receiver.FailNext = -1;
        await SendAsync(server, HttpMethod.Post, $"/api/conversations/{conversation}/messages", admin, new { text = "again" });
        JsonElement dead = default;
        await UntilAsync(async () => (dead = (await SendAsync(server, HttpMethod.Get, "/api/webhooks/dead-letters", admin)).Body.GetProperty("deadLetters")).GetArrayLength() == 1, "a dead letter");
        var deadId = dead[0].GetProperty("id").GetString()!;
        Assert.Equal(3, dead[0].GetProperty("attempts").GetInt32());
        Assert.Equal(3, receiver.Deliveries.Count(d => d.Headers["X-Sophia-Delivery"] == deadId));
        receiver.FailNext = 0;
        Assert.Equal(202, (await SendAsync(server, HttpMethod.Post, $"/api/webhooks/dead-letters/{deadId}/replay", admin)).Status);
        await UntilAsync(() => Task.FromResult(receiver.Deliveries.Any(d => d.Headers["X-Sophia-Delivery"] == deadId && d.AnsweredStatus == 200)), "the replayed dead letter to land");
        Assert.Equal(0, (await SendAsync(server, HttpMethod.Get, "/api/webhooks/dead-letters", admin)).Body.GetProperty("deadLetters").GetArrayLength());
    }
}
