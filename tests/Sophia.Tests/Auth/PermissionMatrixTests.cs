using Sophia.Tenancy;

namespace Sophia.Tests.Auth;

/// <summary>Each role against each endpoint family, as README's permission matrix says: allowed, or 403 naming the missing permission.</summary>
public sealed class PermissionMatrixTests
{
    public static readonly Dictionary<string, string> Settings = new()
    {
        ["Sophia:RateLimits:SignIn:PermitLimit"] = "1000",
        ["Sophia:Auth:SignInsPerUsernamePerMinute"] = "1000",
    };

    private sealed record Family(string Name, Permission? Permission, Func<HttpClient, string, Task<Api.Answer>> Call);

    private static readonly Family[] Families =
    [
        new("chat", Permission.Chat, (http, token) => Api.PostAsync(http, "/api/conversations", token, new { title = "matrix" })),
        new("read memory", Permission.ReadMemory, (http, token) => Api.GetAsync(http, "/api/memory/documents", token)),
        new("write memory", Permission.WriteMemory, (http, token) => Api.PostAsync(http, "/api/memory/facts", token, new { text = "The office opens at 8." })),
        new("manage agents", Permission.ManageAgents, (http, token) => Api.SendAsync(http, HttpMethod.Put, "/api/agents/helper", token, new { instructions = "Help." })),
        new("manage users", Permission.ManageUsers, (http, token) => Api.GetAsync(http, "/api/users", token)),
        new("invite", Permission.ManageUsers, (http, token) => Api.PostAsync(http, "/api/invitations", token, new { role = "member" })),
        new("read audit", Permission.ReadAudit, (http, token) => Api.GetAsync(http, "/api/audit", token)),
        new("operations", null, (http, token) => Api.GetAsync(http, "/api/tenants", token)),
    ];

    // The matrix, written out here rather than read from the code it checks. "operations" is for operators only.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [Roles.Owner] = ["chat", "read memory", "write memory", "manage agents", "manage users", "invite", "read audit", "operations"],
        [Roles.Admin] = ["chat", "read memory", "write memory", "manage agents", "manage users", "invite", "read audit"],
        [Roles.Member] = ["chat", "read memory", "write memory"],
        [Roles.Viewer] = ["chat", "read memory"],
    };

    [Fact]
    public async Task Each_role_may_do_what_the_matrix_allows_and_is_refused_the_rest_with_the_missing_permission_named()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, Settings);
        var tokens = new Dictionary<string, string>
        {
            // The bootstrap admin owns tenant default and is its operator (Sophia:Ops:Admins defaults to it).
            [Roles.Owner] = await server.TokenAsync(),
            [Roles.Admin] = await server.CreateUserAsync("ada", role: Roles.Admin),
            [Roles.Member] = await server.CreateUserAsync("mem", role: Roles.Member),
            [Roles.Viewer] = await server.CreateUserAsync("vic", role: Roles.Viewer),
        };

        var wrong = new List<string>();
        foreach (var (role, token) in tokens)
        {
            foreach (var family in Families)
            {
                var answer = await family.Call(server.Http, token);
                var allowed = Allowed[role].Contains(family.Name);
                var named = family.Permission is { } permission ? Roles.Describe(permission) : "operators";
                if (allowed ? answer.Status is < 200 or >= 300 : answer.Status != 403 || !answer.Title.Contains(named))
                {
                    wrong.Add($"{role} {family.Name}: {answer}");
                }
            }
        }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task A_viewer_may_keep_notes_in_their_own_memory_but_not_the_companys()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, Settings);
        var viewer = await server.CreateUserAsync("vic", role: Roles.Viewer);

        var own = await Api.PostAsync(server.Http, "/api/memory/facts?scope=user", viewer, new { text = "My desk is 4B." });
        var company = await Api.PostAsync(server.Http, "/api/memory/facts?scope=tenant", viewer, new { text = "Desks are free." });

        Assert.Equal(201, own.Status);
        Assert.Equal(403, company.Status);
        Assert.Contains("write the company's memory", company.Title);
    }
}
