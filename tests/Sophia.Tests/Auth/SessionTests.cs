using Microsoft.AspNetCore.SignalR.Client;
using System.Net;
using System.Net.Http.Json;
using Sophia.Tenancy;

namespace Sophia.Tests.Auth;

/// <summary>Sessions: the browser's HttpOnly cookie with antiforgery, short bearer tokens with rotating refresh tokens, and revocation.</summary>
public sealed class SessionTests
{
    private static readonly Dictionary<string, string> FastRevocation = new() { ["Sophia:Auth:SessionCacheSeconds"] = "1" };

    [Fact]
    public async Task The_session_cookie_is_http_only_and_changes_need_the_antiforgery_header()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(server.BaseUrl) };

        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = SophiaServer.AdminPassword });
        var setCookie = string.Join("; ", login.Headers.GetValues("Set-Cookie"));
        var withoutHeader = await browser.PostAsJsonAsync("/api/conversations", new { title = "no header" });
        var antiforgery = await browser.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/antiforgery");
        using var withHeader = new HttpRequestMessage(HttpMethod.Post, "/api/conversations") { Content = JsonContent.Create(new { title = "with header" }) };
        withHeader.Headers.Add(antiforgery.GetProperty("header").GetString()!, antiforgery.GetProperty("token").GetString());
        var created = await browser.SendAsync(withHeader);
        var me = await browser.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("sophia.session=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, withoutHeader.StatusCode);
        Assert.Contains("X-CSRF-TOKEN", await withoutHeader.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("owner", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_bearer_token_lives_fifteen_minutes_and_its_refresh_token_works_once()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path);

        var first = await Api.SignInAsync(server.Http, "admin", SophiaServer.AdminPassword);
        var refreshToken = first.Body.GetProperty("refresh_token").GetString();
        var rotated = await Api.PostAsync(server.Http, "/api/auth/refresh", null, new { refresh_token = refreshToken });
        var replayed = await Api.PostAsync(server.Http, "/api/auth/refresh", null, new { refresh_token = refreshToken });
        var successor = await Api.PostAsync(server.Http, "/api/auth/refresh", null, new { refresh_token = rotated.Body.GetProperty("refresh_token").GetString() });

        Assert.Equal(900, first.Body.GetProperty("expires_in").GetInt32());
        Assert.Equal(200, rotated.Status);
        Assert.Equal(200, (await Api.GetAsync(server.Http, "/api/me", rotated.Body.GetProperty("access_token").GetString())).Status);
        Assert.Equal(401, replayed.Status);
        // A replayed refresh token may have been stolen: every refresh token of the user is revoked.
        Assert.Equal(401, successor.Status);
    }

    [Fact]
    public async Task A_revoked_refresh_token_is_refused()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path);
        var refreshToken = (await Api.SignInAsync(server.Http, "admin", SophiaServer.AdminPassword)).Body.GetProperty("refresh_token").GetString();

        Assert.Equal(204, (await Api.PostAsync(server.Http, "/api/auth/revoke", null, new { refresh_token = refreshToken })).Status);
        Assert.Equal(401, (await Api.PostAsync(server.Http, "/api/auth/refresh", null, new { refresh_token = refreshToken })).Status);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_tokens_refresh_tokens_and_api_keys_and_they_cannot_sign_in()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, FastRevocation);
        var admin = await server.TokenAsync();
        var signIn = await Api.SignInAsync(server.Http, "admin", SophiaServer.AdminPassword);
        var token = await server.CreateUserAsync("ann", "the-right-password");
        var annSignIn = await Api.SignInAsync(server.Http, "ann", "the-right-password");
        var key = (await Api.PostAsync(server.Http, "/api/keys", token, new { name = "script" })).Body.GetProperty("key").GetString();
        Assert.Equal(200, (await Api.GetAsync(server.Http, "/v1/models", key)).Status);

        Assert.Equal(200, (await Api.SendAsync(server.Http, HttpMethod.Patch, "/api/users/ann", admin, new { disabled = true })).Status);

        var tokenAfter = await Api.GetAsync(server.Http, "/api/me", token);
        Assert.Equal(401, tokenAfter.Status);
        Assert.Contains("disabled", tokenAfter.Title);
        Assert.Equal(401, (await Api.GetAsync(server.Http, "/v1/models", key)).Status);
        Assert.Equal(401, (await Api.PostAsync(server.Http, "/api/auth/refresh", null, new { refresh_token = annSignIn.Body.GetProperty("refresh_token").GetString() })).Status);
        Assert.Equal(403, (await Api.SignInAsync(server.Http, "ann", "the-right-password")).Status);
        // The admin's own sessions are untouched.
        Assert.Equal(200, (await Api.GetAsync(server.Http, "/api/me", signIn.Body.GetProperty("access_token").GetString())).Status);
    }

    [Fact]
    public async Task Disabling_a_user_closes_their_open_hub_connection_even_one_that_only_watches()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, FastRevocation);
        var admin = await server.TokenAsync();
        var token = await server.CreateUserAsync("ann", "the-right-password");
        await using var hub = await server.ConnectAsync(token);
        var closed = new TaskCompletionSource();
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        var conversation = await hub.InvokeAsync<string>("CreateConversation", "watched");

        Assert.Equal(200, (await Api.SendAsync(server.Http, HttpMethod.Patch, "/api/users/ann", admin, new { disabled = true })).Status);

        await Within.Wait(closed.Task.ContinueWith(_ => 0), "the disabled user's hub connection to close", TimeSpan.FromSeconds(30));
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Disconnected, hub.State);
        Assert.NotNull(conversation);
    }

    [Fact]
    public async Task A_new_role_takes_effect_on_the_next_request_and_ends_the_sessions_issued_before()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, FastRevocation);
        var admin = await server.TokenAsync();
        var before = await server.CreateUserAsync("ann", "the-right-password", Roles.Admin);
        Assert.Equal(200, (await Api.GetAsync(server.Http, "/api/users", before)).Status);

        Assert.Equal(200, (await Api.SendAsync(server.Http, HttpMethod.Patch, "/api/users/ann", admin, new { role = Roles.Member })).Status);
        var after = await Api.TokenAsync(server.Http, "ann", "the-right-password");

        Assert.Equal(401, (await Api.GetAsync(server.Http, "/api/users", before)).Status);
        var refused = await Api.GetAsync(server.Http, "/api/users", after);
        Assert.Equal(403, refused.Status);
        Assert.Contains("manage users and invitations", refused.Title);
    }

    [Fact]
    public async Task Changing_ones_own_password_needs_the_current_one_and_ends_the_other_sessions()
    {
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, FastRevocation);
        var other = await server.CreateUserAsync("ann", "the-first-password");
        var mine = await Api.TokenAsync(server.Http, "ann", "the-first-password");

        var wrongCurrent = await Api.PostAsync(server.Http, "/api/me/password", mine, new { current = "not-the-password", @new = "the-second-password" });
        var changed = await Api.PostAsync(server.Http, "/api/me/password", mine, new { current = "the-first-password", @new = "the-second-password" });

        Assert.Equal(403, wrongCurrent.Status);
        Assert.Equal(200, changed.Status);
        Assert.Equal(401, (await Api.GetAsync(server.Http, "/api/me", other)).Status);
        Assert.Equal(200, (await Api.GetAsync(server.Http, "/api/me", changed.Body.GetProperty("access_token").GetString())).Status);
        Assert.Equal(401, (await Api.SignInAsync(server.Http, "ann", "the-first-password")).Status);
        Assert.Equal(200, (await Api.SignInAsync(server.Http, "ann", "the-second-password")).Status);
    }
}
