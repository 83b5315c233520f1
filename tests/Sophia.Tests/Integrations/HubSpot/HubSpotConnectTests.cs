using System.Text.Json.Nodes;
using Sophia.Integrations;
using Sophia.Integrations.HubSpot;

namespace Sophia.Tests.Integrations.HubSpot;

[Collection(HubSpotCollection.Name)]
public sealed class HubSpotConnectTests(SyncMemoryFixture fixture)
{
    [Theory]
    [InlineData("""{}""", "'accessToken'")]
    [InlineData("""{"accessToken": "t", "clientId": "c", "clientSecret": "s"}""", "not both")]
    [InlineData("""{"clientId": "c"}""", "'clientSecret'")]
    [InlineData("""{"accessToken": "t", "baseUrl": "ftp://api.hubapi.example"}""", "'baseUrl'")]
    [InlineData("""{"clientId": "c", "clientSecret": "s", "scopes": 5}""", "'scopes'")]
    public void Malformed_settings_are_refused_naming_the_field(string body, string field)
    {
        var refusal = Assert.Throws<IntegrationRefusedException>(() => new HubSpotIntegration().Parse(JsonNode.Parse(body)!.AsObject()));

        Assert.Contains(field, refusal.Message);
    }

    [Fact]
    public void Secrets_are_kept_apart_from_the_settings_and_the_defaults_are_hubspots()
    {
        var privateApp = new HubSpotIntegration().Parse(JsonNode.Parse("""{"accessToken": "pat-na1-secret"}""")!.AsObject());
        var oauth = new HubSpotIntegration().Parse(JsonNode.Parse("""{"clientId": "c-1", "clientSecret": "hubspot-client-secret-7"}""")!.AsObject());

        Assert.Equal("pat-na1-secret", privateApp.Secrets["accessToken"]);
        Assert.DoesNotContain("pat-na1-secret", privateApp.Settings.ToJsonString());
        Assert.Equal("https://api.hubapi.com/", privateApp.Settings["baseUrl"]!.GetValue<string>());
        Assert.DoesNotContain("hubspot-client-secret-7", oauth.Settings.ToJsonString());
        Assert.Equal("https://app.hubspot.com/oauth/authorize", oauth.Settings["authorizeUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_private_app_token_is_refused_saying_so_without_the_token()
    {
        await using var server = await HubSpotServer.StartAsync();
        server.PrivateAppTokens["pat-eu1-good"] = true;
        using var hubspot = new HubSpotUnderTest("hs-connect", HubSpotUnderTest.PrivateAppBody(server, "pat-eu1-wrong"), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => hubspot.Provider.CheckAsync(hubspot.Session, CancellationToken.None));

        Assert.Contains("refused the private app's access token", refusal.Message);
        Assert.Contains("401 INVALID_AUTHENTICATION", refusal.Message);
        Assert.Contains("'accessToken'", refusal.Message);
        Assert.DoesNotContain("pat-eu1-wrong", refusal.Message);
    }

    [Fact]
    public async Task The_consent_url_asks_hubspot_for_a_code_with_state_scopes_and_pkce()
    {
        await using var server = await HubSpotServer.StartAsync();
        using var hubspot = new HubSpotUnderTest("hs-connect", HubSpotUnderTest.OAuthBody(server), fixture.Grains);
        var consent = Sophia.Integrations.Providers.OAuthConsent.Start("https://sophia.example/api/integrations/hubspot/callback");

        var url = hubspot.Provider.ConsentUrl(hubspot.Session, consent).AbsoluteUri;

        Assert.StartsWith(server.AuthorizeUrl + "?client_id=" + HubSpotUnderTest.ClientId, url);
        Assert.Contains("redirect_uri=https%3A%2F%2Fsophia.example%2Fapi%2Fintegrations%2Fhubspot%2Fcallback", url);
        Assert.Contains($"state={Uri.EscapeDataString(consent.State)}", url);
        Assert.Contains("scope=oauth%20crm.objects.contacts.read", url);
        Assert.Contains($"code_challenge={Uri.EscapeDataString(consent.CodeChallenge)}&code_challenge_method=S256", url);
    }
}
