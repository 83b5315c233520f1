using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Sophia.Tenancy;
using Sophia.Tests.Auth;
using Sophia.Tests.Postgres;
using Xunit.Abstractions;

namespace Sophia.Tests.Cluster;

/// <summary>Sessions across gateway processes: a cookie from one works on another, and a revocation on one reaches every other.</summary>
public sealed class RevocationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Disabling_a_user_on_one_gateway_ends_their_token_and_cookie_on_another_within_60_seconds()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"]);
        var second = await cluster.AddGatewayAsync();
        var admin = await cluster.TokenAsync();
        Assert.Equal(201, (await Api.PostAsync(cluster.Http, "/api/users", admin, new { username = "ann", role = Roles.Member, password = "the-right-password" })).Status);
        var token = await Api.TokenAsync(cluster.Http, "ann", "the-right-password");
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = cluster.Http.BaseAddress };
        (await browser.PostAsJsonAsync("/api/auth/login", new { username = "ann", password = "the-right-password" })).EnsureSuccessStatusCode();
        // The cookie was protected by the first gateway's keys; the second reads it with the same key ring, kept in Redis.
        var cookieOnSecond = await SendWithCookieAsync(second, cookies, browser.BaseAddress!);
        Assert.Equal(HttpStatusCode.OK, cookieOnSecond);
        Assert.Equal(200, (await Api.GetAsync(second, "/api/me", token)).Status);

        var disabledAt = Stopwatch.StartNew();
        Assert.Equal(200, (await Api.SendAsync(cluster.Http, HttpMethod.Patch, "/api/users/ann", admin, new { disabled = true })).Status);
        await Within.Wait(UntilRefusedAsync(second, token, cookies, browser.BaseAddress!), "the second gateway to refuse the disabled user", TimeSpan.FromSeconds(60));

        output.WriteLine($"revocation reached the second gateway after {disabledAt.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(401, (await Api.GetAsync(cluster.Http, "/api/me", token)).Status);
    }

    private static async Task<int> UntilRefusedAsync(HttpClient gateway, string token, CookieContainer cookies, Uri issuedBy)
    {
        while ((await Api.GetAsync(gateway, "/api/me", token)).Status != 401 || await SendWithCookieAsync(gateway, cookies, issuedBy) != HttpStatusCode.Unauthorized)
        {
            await Task.Delay(200);
        }

        return 0;
    }

    /// <summary>GET /api/me on another gateway with the cookie the first one set (cookies are per host and port, so it is copied).</summary>
    private static async Task<HttpStatusCode> SendWithCookieAsync(HttpClient gateway, CookieContainer cookies, Uri issuedBy)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Add("Cookie", cookies.GetCookieHeader(issuedBy));
        using var response = await gateway.SendAsync(request);
        return response.StatusCode;
    }
}
