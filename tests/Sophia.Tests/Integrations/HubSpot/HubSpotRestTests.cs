using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Sophia.Integrations;

namespace Sophia.Tests.Integrations.HubSpot;

/// <summary>An admin connects HubSpot through a real Sophia server: a refused token, then the OAuth consent and a sync.</summary>
public sealed class HubSpotRestTests
{
    [Fact]
    public async Task A_refused_token_fails_the_put_and_an_oauth_app_connects_through_the_consent_page()
    {
        using var data = new TempFolder();
        await using var hubspot = await HubSpotServer.StartAsync();
        hubspot.OAuthClients[HubSpotUnderTest.ClientId] = HubSpotUnderTest.ClientSecret;
        hubspot.Data.Deal("Acme renewal", hubspot.Data.Company("Acme GmbH", "acme.example"));
        await using var server = await SophiaServer.StartAsync(data.Path);
        var token = await server.TokenAsync();

        using var refused = await PutAsync(server, token, HubSpotUnderTest.PrivateAppBody(hubspot, "pat-eu1-refused"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusal = await refused.Content.ReadAsStringAsync();
        Assert.Contains("refused the private app's access token", refusal);
        Assert.DoesNotContain("pat-eu1-refused", refusal);

        using var put = await PutAsync(server, token, HubSpotUnderTest.OAuthBody(hubspot));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.DoesNotContain(HubSpotUnderTest.ClientSecret, await put.Content.ReadAsStringAsync());

        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.BaseUrl) };
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var connect = await browser.GetAsync("/api/integrations/hubspot/connect");
        Assert.Equal(HttpStatusCode.Redirect, connect.StatusCode);
        Assert.StartsWith(hubspot.AuthorizeUrl + "?", connect.Headers.Location!.AbsoluteUri);
        using var consent = await browser.GetAsync(connect.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var callback = consent.Headers.Location!;
        Assert.StartsWith($"{server.BaseUrl}/api/integrations/hubspot/callback?", callback.AbsoluteUri);
        Assert.False(string.IsNullOrEmpty(QueryHelpers.ParseQuery(callback.Query)["code"]));
        using var page = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("HubSpot is connected", await page.Content.ReadAsStringAsync());
        Assert.Equal(1, hubspot.CodeGrants);

        using var sync = await server.Http.SendAsync(server.Request(HttpMethod.Post, "/api/integrations/hubspot/sync", token));
        Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        var status = await Within.Wait(SyncedAsync(server, token), "the HubSpot sync to finish");
        Assert.Equal(2, status["sync"]!["documents"]!.GetValue<int>());
        Assert.True(status["health"]!["rateRemaining"]!.GetValue<long>() < HubSpotServer.TenSecondLimit);
    }

    private static async Task<HttpResponseMessage> PutAsync(SophiaServer server, string token, JsonObject body)
    {
        using var request = server.Request(HttpMethod.Put, "/api/integrations/hubspot", token);
        request.Content = JsonContent.Create(body);
        return await server.Http.SendAsync(request);
    }

    private static async Task<JsonNode> SyncedAsync(SophiaServer server, string token)
    {
        while (true)
        {
            using var response = await server.Http.SendAsync(server.Request(HttpMethod.Get, "/api/integrations/hubspot", token));
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (status["sync"]?["lastSyncAt"] is not null && status["sync"]!["state"]!.GetValue<string>() != SyncStates.Running)
            {
                return status;
            }

            await Task.Delay(100);
        }
    }
}
