using System.Text.Json.Nodes;
using Sophia.Integrations;
using Sophia.Integrations.Providers;
using Sophia.Integrations.Salesforce;

namespace Sophia.Tests.Integrations.Salesforce;

[Collection(SalesforceCollection.Name)]
public sealed class SalesforceConnectTests(SyncMemoryFixture fixture)
{
    [Theory]
    [InlineData("""{"clientSecret": "s"}""", "'clientId'")]
    [InlineData("""{"clientId": "c"}""", "'clientSecret'")]
    [InlineData("""{"clientId": "c", "clientSecret": "s", "loginUrl": "https://login.salesforce.com/services/oauth2"}""", "'loginUrl'")]
    [InlineData("""{"clientId": "c", "clientSecret": "s", "loginUrl": "ftp://login.salesforce.com"}""", "'loginUrl'")]
    [InlineData("""{"clientId": "c", "clientSecret": "s", "password": "p"}""", "'password'")]
    public void Malformed_settings_are_refused_naming_the_field(string body, string field)
    {
        var refusal = Assert.Throws<IntegrationRefusedException>(() => new SalesforceIntegration().Parse(JsonNode.Parse(body)!.AsObject()));

        Assert.Contains(field, refusal.Message);
    }

    [Fact]
    public void Secrets_are_kept_apart_from_the_settings_and_the_login_host_defaults_to_production()
    {
        var parsed = new SalesforceIntegration().Parse(JsonNode.Parse("""{"clientId": "3MVGkey", "clientSecret": "sf-secret", "refreshToken": "5Aep-token"}""")!.AsObject());

        Assert.Equal("https://login.salesforce.com", parsed.Settings["loginUrl"]!.GetValue<string>());
        Assert.Equal("sf-secret", parsed.Secrets["clientSecret"]);
        Assert.Equal("5Aep-token", parsed.Secrets["refreshToken"]);
        Assert.DoesNotContain("sf-secret", parsed.Settings.ToJsonString());
        Assert.DoesNotContain("5Aep-token", parsed.Settings.ToJsonString());
    }

    [Fact]
    public async Task Without_a_refresh_token_it_awaits_consent_at_an_authorize_url_with_a_pkce_challenge()
    {
        await using var server = await SalesforceServer.StartAsync();
        using var salesforce = new SalesforceUnderTest(server, "sf-consent", SalesforceUnderTest.Body(server), fixture.Grains);
        var consent = OAuthConsent.Start("https://sophia.example/api/integrations/salesforce/callback");

        Assert.True(salesforce.Provider.AwaitsConsent(salesforce.Session));
        var url = salesforce.Provider.ConsentUrl(salesforce.Session, consent).AbsoluteUri;

        Assert.StartsWith($"{server.BaseUrl}/services/oauth2/authorize?response_type=code&client_id={SalesforceServer.ClientId}", url);
        Assert.Contains($"&code_challenge={consent.CodeChallenge}&code_challenge_method=S256", url);
        Assert.Contains($"&state={consent.State}", url);
        Assert.Contains("&redirect_uri=https%3A%2F%2Fsophia.example%2Fapi%2Fintegrations%2Fsalesforce%2Fcallback", url);
    }

    [Fact]
    public async Task A_bad_client_secret_is_refused_naming_the_setting()
    {
        await using var server = await SalesforceServer.StartAsync();
        using var salesforce = new SalesforceUnderTest(server, "sf-bad-secret", SalesforceUnderTest.Body(server, server.IssueRefreshToken(), "wrong-secret-1"), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(salesforce.CheckAsync);

        Assert.Contains("invalid_client: invalid client credentials", refusal.Message);
        Assert.Contains("'clientSecret'", refusal.Message);
        Assert.DoesNotContain("wrong-secret-1", refusal.Message);
    }

    [Fact]
    public async Task A_bad_refresh_token_is_refused_saying_to_connect_again()
    {
        await using var server = await SalesforceServer.StartAsync();
        using var salesforce = new SalesforceUnderTest(server, "sf-bad-token", SalesforceUnderTest.Body(server, "5Aep861-revoked"), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(salesforce.CheckAsync);

        Assert.Contains("refused the refresh token", refusal.Message);
        Assert.Contains("expired access/refresh token", refusal.Message);
        Assert.Contains("/api/integrations/salesforce/connect", refusal.Message);
        Assert.DoesNotContain("5Aep861-revoked", refusal.Message);
    }

    [Fact]
    public async Task An_expired_session_is_refreshed_once_for_calls_that_meet_it_together()
    {
        await using var server = await SalesforceServer.StartAsync();
        server.Org.Add("Account", ("Name", "Acme"));
        using var salesforce = new SalesforceUnderTest(server, "sf-expiry", SalesforceUnderTest.Body(server, server.IssueRefreshToken()), fixture.Grains);
        await salesforce.CheckAsync();
        Assert.Equal(1, server.RefreshGrants);
        Assert.NotNull(salesforce.RateRemaining);

        server.ExpireSessions();
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => salesforce.SoqlAsync("SELECT Id, Name FROM Account")));

        Assert.Equal(2, server.RefreshGrants);
        Assert.All(answers, a => Assert.Contains("Name: Acme", a));
    }

    [Fact]
    public async Task A_rotated_refresh_token_is_saved_before_it_is_used_and_a_new_activation_keeps_working()
    {
        await using var server = await SalesforceServer.StartAsync();
        server.RotateRefreshTokens = true;
        server.Org.Add("Account", ("Name", "Rotated Ltd"));
        var given = server.IssueRefreshToken();
        var body = SalesforceUnderTest.Body(server, given);
        JsonObject saved;
        using (var first = new SalesforceUnderTest(server, "sf-rotation", body, fixture.Grains))
        {
            await first.CheckAsync();
            Assert.Equal(0, first.RequestsAtSave[0]);
            Assert.False(server.IsValidRefreshToken(given));
            var rotated = first.SavedState["auth"]!["refreshToken"]!.GetValue<string>();
            Assert.True(server.IsValidRefreshToken(rotated));

            server.ExpireSessions();
            Assert.Contains("Rotated Ltd", await first.SoqlAsync("SELECT Id, Name FROM Account"));
            Assert.False(server.IsValidRefreshToken(rotated));
            saved = first.SavedState;
        }

        // A new activation starts from the saved state with the settings' original, now void, refresh token.
        using var next = new SalesforceUnderTest(server, "sf-rotation", body, fixture.Grains, savedState: saved);
        server.ExpireSessions();

        Assert.Contains("Rotated Ltd", await next.SoqlAsync("SELECT Id, Name FROM Account"));
        Assert.Equal(3, server.RefreshGrants);
    }
}
