using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Sophia.Tenancy;

namespace Sophia.Tests.Auth;

/// <summary>Single sign-on end to end: a browser goes from Sophia to a real OpenID provider and back, and Sophia knows who it is.</summary>
public sealed class SsoTests(SsoFixture sso) : IClassFixture<SsoFixture>
{
    private SophiaServer Server => sso.Server;

    /// <summary>Starts at the login URL as the page's button does, signs in at the provider as <paramref name="user"/>, and lands back on Sophia.</summary>
    private async Task<(BrowserClient Browser, Uri Landed)> SignInAsync(ProviderUser user, string returnUrl = "/", BrowserClient? browser = null)
    {
        browser ??= new BrowserClient(Server.BaseUrl);
        sso.Provider.NextUser = user;
        var (visited, last) = await Within.Wait(browser.NavigateAsync($"/api/auth/oidc/login?returnUrl={Uri.EscapeDataString(returnUrl)}"), "the sign-on round trip");
        using (last)
        {
            Assert.Contains(visited, u => u.AbsoluteUri.StartsWith(sso.Provider.Authority + "connect/authorize", StringComparison.Ordinal));
            Assert.Contains(visited, u => u.AbsolutePath == "/signin-oidc");
            return (browser, visited[^1]);
        }
    }

    private static async Task<JsonElement> MeAsync(BrowserClient browser)
    {
        using var response = await browser.GetAsync("/api/me");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/me: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string? SignInError(Uri landed) =>
        QueryHelpers.ParseQuery(landed.Query).TryGetValue("signin_error", out var error) ? error.ToString() : null;

    [Fact]
    public async Task First_sign_in_creates_the_user_with_the_role_their_group_maps_to()
    {
        var (browser, landed) = await SignInAsync(new ProviderUser("ada@example.com", "Ada Lovelace", [SsoFixture.AdminsGroup]), returnUrl: "/chat?c=1");
        using var _ = browser;

        Assert.Equal("/chat?c=1", landed.PathAndQuery);
        var me = await MeAsync(browser);
        Assert.Equal("default", me.GetProperty("tenant").GetString());
        Assert.Equal("ada", me.GetProperty("username").GetString());
        Assert.Equal("Ada Lovelace", me.GetProperty("displayName").GetString());
        Assert.Equal("ada@example.com", me.GetProperty("email").GetString());
        Assert.Equal(Roles.Admin, me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_new_user_without_a_mapped_group_is_a_member()
    {
        var (browser, _) = await SignInAsync(new ProviderUser("grace@example.org", "Grace Hopper", ["unrelated-group"]));
        using var _b = browser;

        Assert.Equal(Roles.Member, (await MeAsync(browser)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task Of_several_mapped_groups_the_most_powerful_role_wins()
    {
        var (browser, _) = await SignInAsync(new ProviderUser("barbara@example.com", "Barbara Liskov", [SsoFixture.ViewersGroup, SsoFixture.AdminsGroup]));
        using var _b = browser;

        Assert.Equal(Roles.Admin, (await MeAsync(browser)).GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_later_sign_in_brings_the_role_in_line_with_the_provider()
    {
        var (first, _) = await SignInAsync(new ProviderUser("alan@example.com", "Alan Turing", [SsoFixture.AdminsGroup]));
        using var _f = first;
        var roleAtFirst = (await MeAsync(first)).GetProperty("role").GetString();

        var (second, _) = await SignInAsync(new ProviderUser("alan@example.com", "Alan Turing", [SsoFixture.ViewersGroup]));
        using var _s = second;
        var me = await MeAsync(second);

        Assert.Equal(Roles.Admin, roleAtFirst);
        Assert.Equal(Roles.Viewer, me.GetProperty("role").GetString());
        Assert.Equal("alan", me.GetProperty("username").GetString());
        using var firstSession = await first.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, firstSession.StatusCode);
    }

    [Fact]
    public async Task An_address_outside_the_allowed_domains_is_refused()
    {
        var (browser, landed) = await SignInAsync(new ProviderUser("mallory@elsewhere.net", "Mallory"));
        using var _ = browser;

        Assert.Equal("/", landed.AbsolutePath);
        Assert.Contains("elsewhere.net", SignInError(landed));
        using var me = await browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.DoesNotContain(await MembersAsync(), m => m.Email == "mallory@elsewhere.net");
    }

    [Fact]
    public async Task An_email_the_provider_has_not_verified_is_refused()
    {
        var (browser, landed) = await SignInAsync(new ProviderUser("eve@example.com", "Eve", EmailVerified: false));
        using var _ = browser;

        Assert.Contains("verified", SignInError(landed));
        using var me = await browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_through_the_provider()
    {
        var (first, _) = await SignInAsync(new ProviderUser("carol@example.com", "Carol"));
        first.Dispose();
        using (var disable = Server.Request(HttpMethod.Patch, "/api/users/carol", await Server.TokenAsync()))
        {
            disable.Content = JsonContent.Create(new { disabled = true });
            using var disabled = await Server.Http.SendAsync(disable);
            Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        }

        var (browser, landed) = await SignInAsync(new ProviderUser("carol@example.com", "Carol"));
        using var _ = browser;

        Assert.Contains("disabled", SignInError(landed));
        using var me = await browser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task A_return_url_on_another_site_lands_on_the_page_instead()
    {
        var (browser, landed) = await SignInAsync(new ProviderUser("dave@example.com", "Dave"), returnUrl: "https://evil.example/steal");
        using var _ = browser;

        Assert.Equal(new Uri(Server.BaseUrl).Authority, landed.Authority);
        Assert.Equal("/", landed.PathAndQuery);
        Assert.Equal("dave", (await MeAsync(browser)).GetProperty("username").GetString());
    }

    [Fact]
    public async Task Providers_offer_the_configured_sign_on_with_its_name()
    {
        using var response = await Server.Http.GetAsync("/api/auth/providers");
        var providers = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Example ID", providers.GetProperty("oidc").GetProperty("displayName").GetString());
        Assert.Equal("/api/auth/oidc/login", providers.GetProperty("oidc").GetProperty("loginUrl").GetString());
    }

    private async Task<List<MemberInfo>> MembersAsync()
    {
        using var request = Server.Request(HttpMethod.Get, "/api/users", await Server.TokenAsync());
        using var response = await Server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<MemberInfo>>(JsonSerializerOptions.Web))!;
    }
}
