using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tenancy;

namespace Sophia.Tests.Quotas;

/// <summary>Quotas as clients meet them: admins set them, everyone reads their usage, a reached limit answers 429 or ends the turn.</summary>
[Collection(QuotaServerCollection.Name)]
public sealed class QuotaApiTests(QuotaServerFixture fixture)
{
    private SophiaServer Server => fixture.Server;

    private async Task<HttpResponseMessage> PutAsync(string path, string token, string json)
    {
        using var request = Server.Request(HttpMethod.Put, path, token);
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return await Server.Http.SendAsync(request);
    }

    private async Task<JsonElement> GetJsonAsync(string path, string token)
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, path, token));
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static DateTimeOffset NextUtcDay => new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(1);

    [Fact]
    public async Task Only_admins_set_quotas_and_bad_values_or_unknown_fields_are_refused_saying_which()
    {
        var member = await Server.CreateUserAsync("quota-member");
        var admin = await Server.TokenAsync();

        using var memberTenant = await PutAsync("/api/tenant/quota", member, """{"tokensPerDay": 5}""");
        using var memberUser = await PutAsync("/api/users/quota-member/quota", member, """{"tokensPerDay": 5}""");
        using var memberUsage = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/api/usage", member));
        using var negative = await PutAsync("/api/users/quota-member/quota", admin, """{"tokensPerDay": -1}""");
        using var fraction = await PutAsync("/api/users/quota-member/quota", admin, """{"toolCallsPerDay": 1.5}""");
        using var unknown = await PutAsync("/api/tenant/quota", admin, """{"tokensPerDay": 5, "tokensPerYear": 9}""");
        using var nobody = await PutAsync("/api/users/nobody/quota", admin, """{"tokensPerDay": 5}""");
        using var set = await PutAsync("/api/users/quota-member/quota", admin, """{"tokensPerDay": 5000, "chunksPerMonth": null}""");

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], [memberTenant.StatusCode, memberUser.StatusCode, memberUsage.StatusCode]);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("tokensPerDay", await negative.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, fraction.StatusCode);
        Assert.Contains("toolCallsPerDay", await fraction.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("tokensPerYear", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var overrides = JsonDocument.Parse(await set.Content.ReadAsStringAsync()).RootElement.GetProperty("overrides");
        Assert.Equal(5000, overrides.GetProperty("tokensPerDay").GetInt64());
        Assert.Equal(JsonValueKind.Null, overrides.GetProperty("chunksPerMonth").ValueKind);
        var audited = (await GetJsonAsync("/api/audit?action=quota.changed", admin)).GetProperty("entries").EnumerateArray().ToList();
        Assert.Contains(audited, e => e.GetProperty("target").GetString() == "quota-member");
    }

    [Fact]
    public async Task Usage_equals_the_done_events_and_past_the_limit_rest_v1_and_the_hub_refuse_with_429_and_retry_after()
    {
        var token = await Server.CreateUserAsync("quota-carol");
        using var limit = await PutAsync("/api/users/quota-carol/quota", await Server.TokenAsync(), $$"""{"tokensPerDay": {{OpenAiCompatibleServer.PromptTokens + 2}}}""");
        Assert.Equal(HttpStatusCode.OK, limit.StatusCode);
        await using var hub = await Server.ConnectAsync(token);
        var id = await hub.InvokeAsync<string>("CreateConversation", "Quota");

        await hub.InvokeAsync<long>("SendMessage", id, "Hello");
        var done = (await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type is ChatEventTypes.Done or ChatEventTypes.Error, "the first answer"))[^1];
        var usage = await GetJsonAsync("/api/me/usage", token);
        using var rest = Server.Request(HttpMethod.Post, $"/api/conversations/{id}/messages", token);
        rest.Content = JsonContent.Create(new { text = "Hello again" });
        using var restRefused = await Server.Http.SendAsync(rest);
        using var v1 = Server.Request(HttpMethod.Post, "/v1/chat/completions", token);
        v1.Content = JsonContent.Create(new { model = "sophia", messages = new[] { new { role = "user", content = "Hello" } } });
        using var v1Refused = await Server.Http.SendAsync(v1);
        var hubRefused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<long>("SendMessage", id, "And again"));

        Assert.Equal(ChatEventTypes.Done, done.Type);
        var spent = done.Usage!.InputTokens + done.Usage.OutputTokens;
        Assert.Equal(spent, usage.GetProperty("usage").GetProperty("tokensPerDay").GetProperty("used").GetInt64());
        Assert.Equal(spent, usage.GetProperty("usage").GetProperty("tokensPerMonth").GetProperty("used").GetInt64());
        Assert.Equal(spent, usage.GetProperty("usage").GetProperty("tokensPerDay").GetProperty("limit").GetInt64());

        Assert.Equal(HttpStatusCode.TooManyRequests, restRefused.StatusCode);
        AssertRetryAfterUntilNextDay(restRefused);
        var restBody = JsonDocument.Parse(await restRefused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("tokensPerDay", restBody.GetProperty("limit").GetString());
        Assert.Contains("tokensPerDay", restBody.GetProperty("error").GetString());
        Assert.Equal(NextUtcDay, restBody.GetProperty("resetsAt").GetDateTimeOffset());

        Assert.Equal(HttpStatusCode.TooManyRequests, v1Refused.StatusCode);
        AssertRetryAfterUntilNextDay(v1Refused);
        var v1Error = JsonDocument.Parse(await v1Refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal(("insufficient_quota", "quota_exceeded", "tokensPerDay"), (v1Error.GetProperty("type").GetString(), v1Error.GetProperty("code").GetString(), v1Error.GetProperty("limit").GetString()));
        Assert.Contains("resets at", v1Error.GetProperty("message").GetString());

        Assert.Contains("tokensPerDay", hubRefused.Message);
    }

    [Fact]
    public async Task A_hub_turn_past_a_limit_ends_with_an_error_event_naming_it_and_admins_see_it_in_the_tenants_usage()
    {
        var token = await Server.CreateUserAsync("quota-dave");
        var admin = await Server.TokenAsync();
        using var limit = await PutAsync("/api/users/quota-dave/quota", admin, """{"toolCallsPerDay": 0}""");
        await using var hub = await Server.ConnectAsync(token);
        var id = await hub.InvokeAsync<string>("CreateConversation", "Tools");

        var seq = await hub.InvokeAsync<long>("SendMessage", id, "/run current_time");
        var end = (await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Turn == seq && e.Type is ChatEventTypes.Done or ChatEventTypes.Error, "the turn's end"))[^1];
        var usage = await GetJsonAsync("/api/usage", admin);

        Assert.Equal(ChatEventTypes.Error, end.Type);
        Assert.Contains("toolCallsPerDay", end.Text);
        Assert.Contains($"resets at {NextUtcDay:yyyy-MM-dd HH:mm} UTC", end.Text);
        var dave = usage.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("user").GetString() == "quota-dave");
        Assert.Equal(0, dave.GetProperty("usage").GetProperty("toolCallsPerDay").GetProperty("limit").GetInt64());
        Assert.Equal(0, dave.GetProperty("usage").GetProperty("toolCallsPerDay").GetProperty("used").GetInt64());
        Assert.True(usage.GetProperty("tenant").TryGetProperty("limits", out _));
    }

    [Fact]
    public async Task An_upload_with_no_chunks_left_this_month_answers_429_naming_the_limit_before_reading_a_file()
    {
        var token = await Server.CreateUserAsync("quota-erin");
        using var limit = await PutAsync("/api/users/quota-erin/quota", await Server.TokenAsync(), """{"chunksPerMonth": 0}""");
        using var upload = Server.Request(HttpMethod.Post, "/api/memory/documents?scope=user", token);
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent("The blue folder is in the second drawer."u8.ToArray()), "file", "note.txt");
        upload.Content = form;

        using var refused = await Server.Http.SendAsync(upload);
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        using var listed = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/api/memory/documents?scope=user", token));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(("chunksPerMonth", 0, "user"), (body.GetProperty("limit").GetString(), body.GetProperty("value").GetInt64(), body.GetProperty("scope").GetString()));
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 31 * 86400);
        Assert.Equal("[]", (await listed.Content.ReadAsStringAsync()).Trim());
    }

    private static void AssertRetryAfterUntilNextDay(HttpResponseMessage response)
    {
        var seconds = response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0;
        Assert.InRange(seconds, 1, 86400);
        Assert.InRange(DateTimeOffset.UtcNow.AddSeconds(seconds), NextUtcDay.AddSeconds(-5), NextUtcDay.AddSeconds(5));
    }
}
