using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tenancy;
using Sophia.Tests.Auth;
using Xunit.Abstractions;

namespace Sophia.Tests.Security;

/// <summary>
/// Two tenants with a user of every role; each user tries every endpoint family with the ids of every other user's
/// things (their conversation, private memory, API key, and across tenants their account, quota and agents), and reads
/// usage and the audit log, which never show the other tenant. All refused; afterwards every victim's things are as they were.
/// </summary>
public sealed class CrossTenantAttackTests(ITestOutputHelper output)
{
    private const string Password = "a-long-enough-password";

    private sealed record Person(string Tenant, string Username, string Role, string Token, string Conversation, string PrivateDocument, string KeyId, string Key);

    private sealed record Attempt(string Family, string What, Func<Task<bool>> Refused);

    [Fact]
    public async Task Every_endpoint_family_refuses_another_tenants_and_another_users_ids()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, PermissionMatrixTests.Settings);
        var people = await PeopleAsync(server);
        var agents = new Dictionary<string, string>();
        foreach (var owner in people.Where(p => p.Role == Roles.Owner))
        {
            agents[owner.Tenant] = $"{owner.Tenant}-analyst";
            Assert.Equal(201, (await Api.SendAsync(server.Http, HttpMethod.Put, $"/api/agents/{agents[owner.Tenant]}", owner.Token, new { instructions = $"Only for {owner.Tenant}." })).Status);
        }

        var attempts = new List<Attempt>();
        var reads = new List<Attempt>();
        var hubs = new List<HubConnection>();
        foreach (var attacker in people)
        {
            var hub = await server.ConnectAsync(attacker.Token);
            hubs.Add(hub);
            foreach (var victim in people.Where(p => p != attacker))
            {
                attempts.AddRange(AgainstUser(server.Http, hub, attacker, victim));
                if (victim.Tenant != attacker.Tenant)
                {
                    attempts.AddRange(AgainstTenant(server.Http, attacker, victim, agents[victim.Tenant]));
                }
            }

            var otherTenant = attacker.Tenant == "default" ? "acme" : "default";
            // Read before any attempt below names another tenant's user: the attacker's own log records what they typed.
            reads.Add(Unseen("usage", $"{attacker.Username}@{attacker.Tenant} reads the usage of every user", server.Http, "/api/usage", attacker.Token, otherTenant));
            reads.Add(Unseen("audit", $"{attacker.Username}@{attacker.Tenant} reads the audit log", server.Http, "/api/audit?limit=500", attacker.Token, otherTenant));
            if (attacker.Tenant != "default" || attacker.Username != "admin")
            {
                attempts.Add(Refusal("operations", $"{attacker.Username}@{attacker.Tenant} lists tenants", server.Http, HttpMethod.Get, "/api/tenants", attacker.Token));
                attempts.Add(Refusal("operations", $"{attacker.Username}@{attacker.Tenant} reads the GPU pool", server.Http, HttpMethod.Get, "/api/ops/gpu", attacker.Token));
            }
        }

        attempts.InsertRange(0, reads);
        var failures = new List<string>();
        foreach (var attempt in attempts)
        {
            if (!await attempt.Refused())
            {
                failures.Add($"{attempt.Family}: {attempt.What}");
            }
        }

        foreach (var hub in hubs)
        {
            await hub.DisposeAsync();
        }

        foreach (var family in attempts.GroupBy(a => a.Family))
        {
            output.WriteLine($"{family.Key}: {family.Count()} attempts, {family.Count() - failures.Count(f => f.StartsWith(family.Key + ":", StringComparison.Ordinal))} refused");
        }

        output.WriteLine($"all: {attempts.Count} attempts, {attempts.Count - failures.Count} refused");
        Assert.Empty(failures);
        await AssertUntouchedAsync(server, people, agents);
    }

    private static IEnumerable<Attempt> AgainstUser(HttpClient http, HubConnection hub, Person attacker, Person victim)
    {
        var who = $"{attacker.Username}@{attacker.Tenant} → {victim.Username}@{victim.Tenant}";
        var conversation = $"/api/conversations/{victim.Conversation}";
        yield return Refusal("rest", $"{who}: reads the messages", http, HttpMethod.Get, $"{conversation}/messages", attacker.Token);
        yield return Refusal("rest", $"{who}: posts a message", http, HttpMethod.Post, $"{conversation}/messages", attacker.Token, new { text = "forged" });
        yield return Refusal("rest", $"{who}: sets the policy", http, HttpMethod.Put, $"{conversation}/policy", attacker.Token, new { policy = DoubleTextingPolicy.Reject });
        yield return Refusal("rest", $"{who}: reads the usage", http, HttpMethod.Get, $"{conversation}/usage", attacker.Token);
        yield return Refusal("approvals", $"{who}: decides an approval", http, HttpMethod.Post, $"{conversation}/approvals/any", attacker.Token, new { approved = true });
        yield return Refusal("memory", $"{who}: lists the conversation's memory", http, HttpMethod.Get, $"/api/memory/documents?scope=conversation:{victim.Conversation}", attacker.Token);
        yield return Refusal("memory", $"{who}: recalls from the conversation's memory", http, HttpMethod.Post, $"/api/memory/recall?scope=conversation:{victim.Conversation}", attacker.Token, new { query = "secret" });
        yield return Refusal("memory", $"{who}: reads the private document", http, HttpMethod.Get, $"/api/memory/documents/{victim.PrivateDocument}?scope=user", attacker.Token);
        yield return Refusal("memory", $"{who}: forgets the private document", http, HttpMethod.Delete, $"/api/memory/documents/{victim.PrivateDocument}?scope=user", attacker.Token);
        yield return Refusal("keys", $"{who}: revokes the API key", http, HttpMethod.Delete, $"/api/keys/{victim.KeyId}", attacker.Token);
        yield return new Attempt("hub", $"{who}: sends", () => Throws(() => hub.InvokeAsync<long>("SendMessage", victim.Conversation, "forged")));
        yield return new Attempt("hub", $"{who}: watches", () => Throws(() => hub.StreamAsync<ChatEvent>("Watch", victim.Conversation, 0L).GetAsyncEnumerator().MoveNextAsync().AsTask()));
        yield return new Attempt("hub", $"{who}: approves", () => Throws(() => hub.InvokeAsync("Approve", victim.Conversation, "any", true, null)));
        yield return new Attempt("v1", $"{who}: completes in the conversation", async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
            {
                Content = JsonContent.Create(new { model = "sophia", messages = new[] { new { role = "user", content = "forged" } } }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", attacker.Token);
            request.Headers.Add("X-Sophia-Conversation", victim.Conversation);
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode is 403 or 404;
        });
    }

    private static IEnumerable<Attempt> AgainstTenant(HttpClient http, Person attacker, Person victim, string victimsAgent)
    {
        var who = $"{attacker.Username}@{attacker.Tenant} → {victim.Username}@{victim.Tenant}";
        yield return Refusal("users", $"{who}: disables the account", http, HttpMethod.Patch, $"/api/users/{victim.Username}", attacker.Token, new { disabled = true });
        yield return Refusal("users", $"{who}: resets the password", http, HttpMethod.Post, $"/api/users/{victim.Username}/password", attacker.Token, new { password = "an-attackers-password" });
        yield return Refusal("usage", $"{who}: sets the user's quota", http, HttpMethod.Put, $"/api/users/{victim.Username}/quota", attacker.Token, new { tokensPerDay = 1 });
        yield return Refusal("agents", $"{who}: reads the tenant's agent", http, HttpMethod.Get, $"/api/agents/{victimsAgent}", attacker.Token);
        yield return Refusal("agents", $"{who}: deletes the tenant's agent", http, HttpMethod.Delete, $"/api/agents/{victimsAgent}", attacker.Token);
        yield return Refusal("agents", $"{who}: test-runs the tenant's agent", http, HttpMethod.Post, $"/api/agents/{victimsAgent}/test", attacker.Token, new { message = "forged" });
    }

    private static Attempt Refusal(string family, string what, HttpClient http, HttpMethod method, string path, string token, object? body = null) =>
        new(family, what, async () => (await Api.SendAsync(http, method, path, token, body)).Status is 401 or 403 or 404);

    // Readable by the tenant's admins, refused to the others; either way nothing of the other tenant's users shows.
    private static Attempt Unseen(string family, string what, HttpClient http, string path, string token, string otherTenant) =>
        new(family, what, async () =>
        {
            var answer = await Api.GetAsync(http, path, token);
            return answer.Status is 403 || (answer.Status == 200 && !answer.Body.ToString().Contains($"-of-{otherTenant}", StringComparison.Ordinal));
        });

    private static async Task<bool> Throws(Func<Task> call)
    {
        try
        {
            await call();
            return false;
        }
        catch (HubException)
        {
            return true;
        }
    }

    private static async Task<List<Person>> PeopleAsync(SophiaServer server)
    {
        var operatorToken = await server.TokenAsync();
        Assert.Equal(201, (await Api.PostAsync(server.Http, "/api/tenants", operatorToken, new { tenant = "acme", owner = new { username = "wile", password = Password } })).Status);
        var people = new List<Person>();
        foreach (var (tenant, ownerName, ownerPassword) in new[] { ("default", "admin", SophiaServer.AdminPassword), ("acme", "wile", Password) })
        {
            var ownerToken = await Api.TokenAsync(server.Http, ownerName, ownerPassword, tenant);
            people.Add(await PersonAsync(server, tenant, ownerName, Roles.Owner, ownerToken));
            foreach (var role in new[] { Roles.Admin, Roles.Member, Roles.Viewer })
            {
                var name = $"{role}-of-{tenant}";
                Assert.Equal(201, (await Api.PostAsync(server.Http, "/api/users", ownerToken, new { username = name, role, password = Password })).Status);
                people.Add(await PersonAsync(server, tenant, name, role, await Api.TokenAsync(server.Http, name, Password, tenant)));
            }
        }

        return people;
    }

    private static async Task<Person> PersonAsync(SophiaServer server, string tenant, string username, string role, string token)
    {
        var conversation = (await Api.PostAsync(server.Http, "/api/conversations", token, new { title = $"{username}'s" })).Body.GetProperty("id").GetString()!;
        Assert.Equal(200, (await Api.PostAsync(server.Http, $"/api/conversations/{conversation}/messages", token, new { text = "private note" })).Status);
        var fact = await Api.PostAsync(server.Http, "/api/memory/facts?scope=user", token, new { text = $"{username}'s salary is private.", source = "hr" });
        Assert.Equal(201, fact.Status);
        var key = await Api.PostAsync(server.Http, "/api/keys", token, new { name = "laptop" });
        Assert.Equal(201, key.Status);
        return new Person(tenant, username, role, token, conversation, fact.Body.GetProperty("documentId").GetString()!,
            key.Body.GetProperty("id").GetString()!, key.Body.GetProperty("key").GetString()!);
    }

    private static async Task AssertUntouchedAsync(SophiaServer server, List<Person> people, Dictionary<string, string> agents)
    {
        foreach (var person in people)
        {
            var token = await Api.TokenAsync(server.Http, person.Username, person.Role == Roles.Owner && person.Tenant == "default" ? SophiaServer.AdminPassword : Password, person.Tenant);
            var messages = (await Api.GetAsync(server.Http, $"/api/conversations/{person.Conversation}/messages", token)).Body;
            Assert.DoesNotContain("forged", messages.ToString());
            Assert.Equal(200, (await Api.GetAsync(server.Http, $"/api/memory/documents/{person.PrivateDocument}?scope=user", token)).Status);
            Assert.Equal(200, (await Api.GetAsync(server.Http, "/api/me", person.Key)).Status);
            if (person.Role == Roles.Owner)
            {
                Assert.Equal(200, (await Api.GetAsync(server.Http, $"/api/agents/{agents[person.Tenant]}", token)).Status);
            }
        }
    }
}
