using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Audit;
using Sophia.Tenancy;
using Sophia.Tests.Auth;

namespace Sophia.Tests.Audit;

/// <summary>What admins read at <c>GET /api/audit</c> after a day's ordinary work: who did what, filtered and paged, their tenant only.</summary>
public sealed class AuditEndpointTests
{
    private const string Password = "a-long-enough-password";

    private sealed record Entry(string Id, DateTimeOffset At, string Actor, string Action, string? Target, JsonElement? Detail, string Outcome, string? ClientAddress);

    private sealed record Page(List<Entry> Entries, string? Next);

    [Fact]
    public async Task Admins_see_sign_ins_role_changes_failures_tool_calls_and_keys_filtered_and_paged_and_only_their_tenants()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, PermissionMatrixTests.Settings);
        var admin = await server.TokenAsync();
        var member = await server.CreateUserAsync("mem", Password);
        await server.CreateUserAsync("vic", Password);
        Assert.Equal(200, (await Api.SendAsync(server.Http, HttpMethod.Patch, "/api/users/vic", admin, new { role = Roles.Viewer })).Status);
        Assert.Equal(401, (await Api.SignInAsync(server.Http, "mem", "not-the-password")).Status);
        await RunToolAsync(server, admin, "/run current_time");
        var key = await Api.PostAsync(server.Http, "/api/keys", admin, new { name = "ci" });
        Assert.Equal(201, key.Status);

        var all = await ReadAsync(server, admin, "");
        Assert.Contains(all.Entries, e => e is { Action: AuditActions.SignIn, Actor: "admin", Outcome: AuditOutcomes.Succeeded, ClientAddress: "127.0.0.1" });
        Assert.Contains(all.Entries, e => e is { Action: AuditActions.UserCreated, Actor: "admin", Target: "mem" });
        var roleChange = Assert.Single(all.Entries, e => e.Action == AuditActions.UserRoleChanged);
        Assert.Equal(("admin", "vic", Roles.Viewer), (roleChange.Actor, roleChange.Target, roleChange.Detail!.Value.GetProperty("role").GetString()));
        var failure = Assert.Single(all.Entries, e => e.Action == AuditActions.SignInFailed);
        Assert.Equal(("mem", AuditOutcomes.Failed), (failure.Actor, failure.Outcome));
        var tool = Assert.Single(all.Entries, e => e.Action == AuditActions.ToolCalled);
        Assert.Equal(("admin", "current_time", AuditOutcomes.Succeeded), (tool.Actor, tool.Target, tool.Outcome));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("{}"))), tool.Detail!.Value.GetProperty("argumentsSha256").GetString());
        var created = Assert.Single(all.Entries, e => e.Action == AuditActions.ApiKeyCreated);
        Assert.Equal(key.Body.GetProperty("id").GetString(), created.Target);
        Assert.DoesNotContain(key.Body.GetProperty("key").GetString()!, JsonSerializer.Serialize(all));
        Assert.Equal(all.Entries.OrderByDescending(e => e.Id, StringComparer.Ordinal).Select(e => e.Id), all.Entries.Select(e => e.Id));

        var signIns = await ReadAsync(server, admin, "?action=auth");
        Assert.NotEmpty(signIns.Entries);
        Assert.All(signIns.Entries, e => Assert.StartsWith("auth.sign_in", e.Action));
        var mems = await ReadAsync(server, admin, "?actor=mem");
        Assert.Equal([AuditActions.SignInFailed, AuditActions.SignIn], mems.Entries.Select(e => e.Action));

        var first = await ReadAsync(server, admin, "?limit=3");
        var second = await ReadAsync(server, admin, first.Next!);
        Assert.Equal(all.Entries.Take(6).Select(e => e.Id), first.Entries.Concat(second.Entries).Select(e => e.Id));
        var forward = await ReadAsync(server, admin, $"?after={Uri.EscapeDataString(failure.At.AddMilliseconds(-1).ToString("O"))}");
        Assert.Equal(all.Entries.Where(e => e.At >= failure.At).Select(e => e.Id).Order(StringComparer.Ordinal), forward.Entries.Select(e => e.Id));
        Assert.Equal(all.Entries.Where(e => string.CompareOrdinal(e.Id, failure.Id) > 0).Select(e => e.Id).Order(StringComparer.Ordinal),
            (await ReadAsync(server, admin, $"?after={failure.Id}")).Entries.Select(e => e.Id));

        foreach (var (query, says) in new[] { ("?action=Auth!", "action"), ("?limit=0", "limit"), ("?limit=many", "limit"), ("?after=yesterday", "after"), ("?actor=Mem%20Ber", "actor") })
        {
            var refused = await Api.GetAsync(server.Http, "/api/audit" + query, admin);
            Assert.True(refused.Status == 400 && refused.Title.Contains(says), $"{query}: {refused}");
        }

        var forbidden = await Api.GetAsync(server.Http, "/api/audit", member);
        Assert.Equal(403, forbidden.Status);
        Assert.Contains("read the audit log", forbidden.Title);

        Assert.Equal(201, (await Api.PostAsync(server.Http, "/api/tenants", admin, new { tenant = "acme", owner = new { username = "wile", password = Password } })).Status);
        var wile = await Api.TokenAsync(server.Http, "wile", Password, "acme");
        var acme = await ReadAsync(server, wile, "");
        Assert.Equal([AuditActions.SignIn, AuditActions.TenantCreated], acme.Entries.Select(e => e.Action));
        Assert.Equal(AuditActors.Operator("default/admin"), acme.Entries[1].Actor);
        Assert.Empty(acme.Entries.Select(e => e.Id).Intersect(all.Entries.Select(e => e.Id)));
        Assert.Contains((await ReadAsync(server, admin, "?action=tenant")).Entries, e => e is { Actor: "admin", Target: "acme" });
    }

    private static async Task RunToolAsync(SophiaServer server, string token, string command)
    {
        await using var hub = await server.ConnectAsync(token);
        var id = await hub.InvokeAsync<string>("CreateConversation", "Audit");
        await hub.InvokeAsync<long>("SendMessage", id, command);
        await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type == ChatEventTypes.Done, $"the answer to '{command}'");
    }

    private static async Task<Page> ReadAsync(SophiaServer server, string token, string query)
    {
        var path = query.StartsWith('/') ? query : "/api/audit" + query;
        var answer = await Api.GetAsync(server.Http, path, token);
        Assert.True(answer.Status == 200, $"GET {path}: {answer}");
        return answer.Body.Deserialize<Page>(JsonSerializerOptions.Web)!;
    }
}
