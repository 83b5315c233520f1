using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Integrations.Salesforce;

public sealed class SalesforceRestTests
{
    [Fact]
    public async Task An_admin_connects_salesforce_through_its_consent_page_with_pkce()
    {
        using var data = new TempFolder();
        await using var salesforce = await SalesforceServer.StartAsync();
        salesforce.Org.Add("Account", ("Name", "Consented Co"));
        await using var server = await SophiaServer.StartAsync(data.Path);
        var token = await server.TokenAsync();

        using var put = await PutAsync(server, token, SalesforceUnderTest.Body(salesforce));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains("awaiting-consent", await put.Content.ReadAsStringAsync());

        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseUrl) };
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var connect = await browser.GetAsync("/api/integrations/salesforce/connect");
        Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        var authorize = connect.Headers.Location!.AbsoluteUri;
        Assert.StartsWith($"{salesforce.BaseUrl}/services/oauth2/authorize?response_type=code", authorize);
        Assert.Contains("code_challenge_method=S256", authorize);

        using var approved = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var callback = approved.Headers.Location!;
        Assert.StartsWith($"{server.BaseUrl}/api/integrations/salesforce/callback?code=", callback.AbsoluteUri);
        using var page = await browser.GetAsync(callback.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Salesforce is connected", await page.Content.ReadAsStringAsync());
        var answer = await RunAsync(server, token, """/run salesforce_soql {"query": "SELECT Id, Name FROM Account"}""");
        Assert.Contains("Name: Consented Co", answer);
        Assert.Contains($"{salesforce.BaseUrl}/lightning/r/Account/", answer);
    }

    [Fact]
    public async Task A_bad_client_secret_or_refresh_token_is_refused_on_put_saying_what_to_fix()
    {
        using var data = new TempFolder();
        await using var salesforce = await SalesforceServer.StartAsync();
        await using var server = await SophiaServer.StartAsync(data.Path);
        var token = await server.TokenAsync();

        using var badSecret = await PutAsync(server, token, SalesforceUnderTest.Body(salesforce, salesforce.IssueRefreshToken(), "not-the-secret"));
        using var badToken = await PutAsync(server, token, SalesforceUnderTest.Body(salesforce, "5Aep861-unknown"));

        Assert.Equal(HttpStatusCode.BadRequest, badSecret.StatusCode);
        Assert.Contains("'clientSecret'", await badSecret.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badToken.StatusCode);
        Assert.Contains("refused the refresh token", await badToken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rotated_refresh_token_keeps_sophia_connected_after_a_restart()
    {
        using var data = new TempFolder();
        await using var salesforce = await SalesforceServer.StartAsync();
        salesforce.RotateRefreshTokens = true;
        salesforce.Org.Add("Account", ("Name", "Rotating Ltd"));
        var given = salesforce.IssueRefreshToken();
        await using (var first = await SophiaServer.StartAsync(data.Path))
        {
            using var put = await PutAsync(first, await first.TokenAsync(), SalesforceUnderTest.Body(salesforce, given));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.False(salesforce.IsValidRefreshToken(given));
        salesforce.ExpireSessions();
        await using var restarted = await SophiaServer.StartAsync(data.Path);

        var answer = await RunAsync(restarted, await restarted.TokenAsync(), """/run salesforce_soql {"query": "SELECT Id, Name FROM Account"}""");

        Assert.Contains("Name: Rotating Ltd", answer);
        Assert.Equal(2, salesforce.RefreshGrants);
    }

    private static async Task<HttpResponseMessage> PutAsync(SophiaServer server, string token, JsonObject body)
    {
        using var request = server.Request(HttpMethod.Put, "/api/integrations/salesforce", token);
        request.Content = JsonContent.Create(body);
        return await server.Http.SendAsync(request);
    }

    private static async Task<string> RunAsync(SophiaServer server, string token, string command)
    {
        await using var hub = await server.ConnectAsync(token);
        var conversation = await hub.InvokeAsync<string>("CreateConversation", "Salesforce");
        var seq = await hub.InvokeAsync<long>("SendMessage", conversation, command);
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", conversation, 0L), e => e.Type == ChatEventTypes.Done && e.Seq > seq, $"the answer to {command}");
        return events.Last(e => e.Type == ChatEventTypes.Message).Text;
    }
}
