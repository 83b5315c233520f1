using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Sophia.Tests.Auth;

/// <summary>How single sign-on's settings are checked at start, and what a server without it answers.</summary>
public sealed class SsoConfigurationTests
{
    [Fact]
    public async Task An_authority_without_a_client_id_stops_the_start_naming_the_setting()
    {
        using var data = new TempFolder();
        var settings = SsoFixture.Settings("https://login.example.com/", $"http://127.0.0.1:{FreePort.Next()}");
        settings.Remove("Sophia:Auth:Oidc:ClientId");
        settings["Sophia:Auth:Oidc:RequireHttpsMetadata"] = "true";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SophiaServer.StartAsync(data.Path, settings));

        Assert.Contains("Sophia:Auth:Oidc:ClientId", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_role_map_to_an_unknown_role_stops_the_start()
    {
        using var data = new TempFolder();
        var settings = SsoFixture.Settings("https://login.example.com/", $"http://127.0.0.1:{FreePort.Next()}");
        settings[$"Sophia:Auth:Oidc:RoleMap:{SsoFixture.AdminsGroup}"] = "superuser";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SophiaServer.StartAsync(data.Path, settings));

        Assert.Contains("Sophia:Auth:Oidc:RoleMap", error.Message);
    }

    [Fact]
    public async Task Without_an_authority_no_sign_on_is_offered()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path);

        using var providers = await server.Http.GetAsync("/api/auth/providers");
        using var login = await server.Http.GetAsync("/api/auth/oidc/login?returnUrl=/");

        Assert.Equal(JsonValueKind.Null, (await providers.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oidc").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
    }
}
