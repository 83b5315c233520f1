using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tenancy;

namespace Sophia.Tests.Auth;

/// <summary>Two tenants with users of every role: nobody reaches another tenant's or another user's conversations, over REST, the hub and /v1.</summary>
public sealed class TenantIsolationTests
{
    private const string Password = "a-long-enough-password";

    private sealed record Person(string Tenant, string Username, string Token, string ConversationId);

    [Fact]
    public async Task Nobody_sees_another_users_conversations_in_their_own_tenant_or_another()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, PermissionMatrixTests.Settings);
        var operatorToken = await server.TokenAsync();
        var created = await Api.PostAsync(server.Http, "/api/tenants", operatorToken, new { tenant = "acme", owner = new { username = "wile", password = Password } });
        Assert.Equal(201, created.Status);

        var people = new List<Person>();
        foreach (var (tenant, ownerName, ownerPassword) in new[] { ("default", "admin", SophiaServer.AdminPassword), ("acme", "wile", Password) })
        {
            var ownerToken = await Api.TokenAsync(server.Http, ownerName, ownerPassword, tenant);
            people.Add(await PersonAsync(server, tenant, ownerName, ownerToken));
            foreach (var role in new[] { Roles.Admin, Roles.Member, Roles.Viewer })
            {
                var name = $"{role}-of-{tenant}";
                Assert.Equal(201, (await Api.PostAsync(server.Http, "/api/users", ownerToken, new { username = name, role, password = Password })).Status);
                people.Add(await PersonAsync(server, tenant, name, await Api.TokenAsync(server.Http, name, Password, tenant)));
            }
        }

        var leaks = new List<string>();
        foreach (var reader in people)
        {
            var listed = (await Api.GetAsync(server.Http, "/api/conversations", reader.Token)).Body.EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
            await using var hub = await server.ConnectAsync(reader.Token);
            foreach (var other in people.Where(p => p != reader))
            {
                if (listed.Contains(other.ConversationId))
                {
                    leaks.Add($"{reader.Username}@{reader.Tenant} lists {other.Username}@{other.Tenant}'s conversation");
                }

                if ((await Api.GetAsync(server.Http, $"/api/conversations/{other.ConversationId}/messages", reader.Token)).Status != 404)
                {
                    leaks.Add($"{reader.Username}@{reader.Tenant} reads {other.Username}@{other.Tenant}'s messages over REST");
                }

                if (await Reaches(() => hub.InvokeAsync<long>("SendMessage", other.ConversationId, "hello")))
                {
                    leaks.Add($"{reader.Username}@{reader.Tenant} writes into {other.Username}@{other.Tenant}'s conversation over the hub");
                }

                using var completion = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
                {
                    Content = System.Net.Http.Json.JsonContent.Create(new { model = "sophia", messages = new[] { new { role = "user", content = "hello" } } }),
                };
                completion.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", reader.Token);
                completion.Headers.Add("X-Sophia-Conversation", other.ConversationId);
                if ((await server.Http.SendAsync(completion)).StatusCode != System.Net.HttpStatusCode.NotFound)
                {
                    leaks.Add($"{reader.Username}@{reader.Tenant} reaches {other.Username}@{other.Tenant}'s conversation over /v1");
                }
            }

            Assert.Single(listed);
        }

        Assert.Empty(leaks);
    }

    private static async Task<Person> PersonAsync(SophiaServer server, string tenant, string username, string token)
    {
        var conversation = await Api.PostAsync(server.Http, "/api/conversations", token, new { title = $"{username}'s" });
        Assert.Equal(201, conversation.Status);
        var id = conversation.Body.GetProperty("id").GetString()!;
        Assert.Equal(200, (await Api.PostAsync(server.Http, $"/api/conversations/{id}/messages", token, new { text = "private note" })).Status);
        return new Person(tenant, username, token, id);
    }

    private static async Task<bool> Reaches(Func<Task> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (Microsoft.AspNetCore.SignalR.HubException)
        {
            return false;
        }
    }
}
