using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Integrations;

/// <summary>An integration's credentials are stored encrypted, and ones that can no longer be decrypted are told, not a server error.</summary>
public sealed class IntegrationCredentialTests
{
    private const string ApiKey = "searxng-key-at-rest-5";

    [Fact]
    public async Task A_search_key_is_stored_encrypted_and_after_the_keys_are_lost_the_admin_is_told_to_connect_again()
    {
        using var data = new TempFolder();
        await using var searxng = await SearxngServer.StartAsync(new Dictionary<string, SearxngServer.Result[]>
        {
            ["orleans"] = [new("Microsoft Orleans", "https://learn.example.com/orleans", "A framework for distributed .NET apps.")],
        }, bearerKey: ApiKey);
        await using (var first = await SophiaServer.StartAsync(data.Path))
        {
            var token = await first.TokenAsync();
            using var put = first.Request(HttpMethod.Put, "/api/integrations/web-search", token);
            put.Content = JsonContent.Create(new JsonObject { ["provider"] = "searxng", ["baseUrl"] = searxng.BaseUrl, ["apiKey"] = ApiKey });
            using var connected = await first.Http.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
            Assert.Contains("[1] Microsoft Orleans", await AnswerAsync(first, token, "/run web_search orleans"));
        }

        var stored = Directory.EnumerateFiles(data.Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}keys{Path.DirectorySeparatorChar}")).ToList();
        Assert.NotEmpty(stored);
        Assert.All(stored, f => Assert.DoesNotContain(ApiKey, File.ReadAllText(f)));

        Directory.Delete(Path.Combine(data.Path, "keys"), recursive: true);
        await using var second = await SophiaServer.StartAsync(data.Path);
        var again = await second.TokenAsync();
        var answer = await AnswerAsync(second, again, "/run web_search orleans");
        using var refresh = await second.Http.SendAsync(second.Request(HttpMethod.Get, "/api/integrations/web-search/tools?refresh=true", again));

        Assert.Contains("can no longer be decrypted", answer);
        Assert.Equal(HttpStatusCode.BadRequest, refresh.StatusCode);
        Assert.Contains("a tenant admin connects it again", await refresh.Content.ReadAsStringAsync());
    }

    private static async Task<string> AnswerAsync(SophiaServer server, string token, string text)
    {
        await using var hub = await server.ConnectAsync(token);
        var id = await hub.InvokeAsync<string>("CreateConversation", "Credentials");
        await hub.InvokeAsync<long>("SendMessage", id, text);
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type == ChatEventTypes.Done, $"the answer to '{text}'");
        return events.Last(e => e.Type == ChatEventTypes.Message).Text;
    }
}
