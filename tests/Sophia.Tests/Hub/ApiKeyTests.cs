using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Sophia.Tests.Hub;

[Collection(ServerCollection.Name)]
public sealed class ApiKeyTests(ServerFixture fixture)
{
    private SophiaServer Server => fixture.Server;

    private OpenAIClientOptions Options() => Server.OpenAiOptions();

    private async Task<(string Id, string Key)> CreateKeyAsync(string token, string name)
    {
        var request = Server.Request(HttpMethod.Post, "/api/keys", token);
        request.Content = JsonContent.Create(new { name });
        using var response = await Server.Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    [Fact]
    public async Task An_api_key_works_like_a_token_for_openai_clients_until_it_is_revoked()
    {
        var token = await Server.CreateUserAsync("key-owner");
        var (id, key) = await CreateKeyAsync(token, "chat ui");

        OpenAIModelCollection models = await new OpenAIModelClient(new ApiKeyCredential(key), Options()).GetModelsAsync();
        ChatCompletion answer = await new ChatClient("sophia", new ApiKeyCredential(key), Options()).CompleteChatAsync(new UserChatMessage("hello"));
        using var listed = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/api/keys", token));
        using var conversations = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/api/conversations", key));
        using var revoked = await Server.Http.SendAsync(Server.Request(HttpMethod.Delete, $"/api/keys/{id}", token));
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => new OpenAIModelClient(new ApiKeyCredential(key), Options()).GetModelsAsync());

        Assert.Contains(models, m => m.Id == "sophia");
        Assert.Contains("No chat model is configured", answer.Content[0].Text);
        Assert.Contains("chat ui", await listed.Content.ReadAsStringAsync());
        Assert.DoesNotContain(key, await listed.Content.ReadAsStringAsync());
        Assert.Contains("hello", await conversations.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(401, refused.Status);
    }

    [Theory]
    [InlineData("sk-sophia.ZGVmYXVsdA.nokey.nosecret")]
    [InlineData("sk-sophia.garbage")]
    public async Task A_made_up_api_key_is_refused(string key)
    {
        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/v1/models", key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_key_with_a_tampered_secret_is_refused()
    {
        var (_, key) = await CreateKeyAsync(await Server.CreateUserAsync("tamper-victim"), "ci");

        using var response = await Server.Http.SendAsync(Server.Request(HttpMethod.Get, "/v1/models", key[..^1] + (key[^1] == 'A' ? 'B' : 'A')));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
