namespace Sophia.Tests.Auth;

/// <summary>A Sophia server whose single sign-on goes to a real OpenID provider, both on loopback.</summary>
public sealed class SsoFixture : IAsyncLifetime
{
    public const string AdminsGroup = "sophia-admins";
    public const string ViewersGroup = "sophia-viewers";

    private readonly TempFolder _data = new();

    public OidcProvider Provider { get; private set; } = null!;

    public SophiaServer Server { get; private set; } = null!;

    public static Dictionary<string, string> Settings(string authority, string sophiaUrl) => new()
    {
        ["urls"] = sophiaUrl,
        ["Sophia:Auth:Oidc:Authority"] = authority,
        ["Sophia:Auth:Oidc:ClientId"] = OidcProvider.ClientId,
        ["Sophia:Auth:Oidc:ClientSecret"] = OidcProvider.ClientSecret,
        ["Sophia:Auth:Oidc:DisplayName"] = "Example ID",
        ["Sophia:Auth:Oidc:Tenant"] = GrainKeys.DefaultTenant,
        ["Sophia:Auth:Oidc:AllowedDomains:0"] = "example.com",
        ["Sophia:Auth:Oidc:AllowedDomains:1"] = "example.org",
        ["Sophia:Auth:Oidc:RoleClaim"] = OidcProvider.GroupsClaim,
        [$"Sophia:Auth:Oidc:RoleMap:{AdminsGroup}"] = "admin",
        [$"Sophia:Auth:Oidc:RoleMap:{ViewersGroup}"] = "viewer",
        ["Sophia:Auth:Oidc:RequireHttpsMetadata"] = "false",
    };

    public async Task InitializeAsync()
    {
        var sophiaUrl = $"http://127.0.0.1:{FreePort.Next()}";
        Provider = await OidcProvider.StartAsync($"{sophiaUrl}/signin-oidc");
        Server = await SophiaServer.StartAsync(_data.Path, Settings(Provider.Authority, sophiaUrl));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Provider.DisposeAsync();
        _data.Dispose();
    }
}
