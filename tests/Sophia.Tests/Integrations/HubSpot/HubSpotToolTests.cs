using System.Text.Json.Nodes;
using Sophia.Integrations;

namespace Sophia.Tests.Integrations.HubSpot;

[Collection(HubSpotCollection.Name)]
public sealed class HubSpotToolTests(SyncMemoryFixture fixture)
{
    [Fact]
    public async Task Search_answers_numbered_records_with_their_hubspot_urls_and_key_properties()
    {
        await using var server = await StartAsync();
        var acme = server.Data.Company("Acme GmbH", "acme.example");
        server.Data.Company("Globex", "globex.example");
        using var hubspot = new HubSpotUnderTest("hs-tools", HubSpotUnderTest.PrivateAppBody(server), fixture.Grains);

        var answer = await hubspot.CallAsync("hubspot_search", new JsonObject { ["objectType"] = "companies", ["query"] = "acme" });

        Assert.Contains($"[1] Acme GmbH (id {acme.Id}) — https://app-eu1.hubspot.com/contacts/{HubSpotServer.PortalId}/record/0-2/{acme.Id}", answer);
        Assert.Contains("domain: acme.example", answer);
        Assert.DoesNotContain("Globex", answer);
        Assert.Contains("Cite a record you use as [n] with its URL.", answer);
        Assert.Contains(server.Searches("companies"), r => JsonNode.Parse(r.Body!)!["query"]?.ToString() == "acme");
    }

    [Fact]
    public async Task Get_answers_a_deal_with_its_associated_company_and_contact()
    {
        await using var server = await StartAsync();
        var acme = server.Data.Company("Acme GmbH", "acme.example");
        var anna = server.Data.Contact("Anna", "Berg", acme);
        var deal = server.Data.Deal("Acme renewal", acme, anna);
        using var hubspot = new HubSpotUnderTest("hs-tools", HubSpotUnderTest.PrivateAppBody(server), fixture.Grains);

        var answer = await hubspot.CallAsync("hubspot_get", new JsonObject { ["objectType"] = "deals", ["id"] = deal.Id.ToString() });

        Assert.Contains($"# Acme renewal (HubSpot deal {deal.Id})", answer);
        Assert.Contains($"https://app-eu1.hubspot.com/contacts/{HubSpotServer.PortalId}/record/0-3/{deal.Id}", answer);
        Assert.Contains("amount: 12500", answer);
        Assert.Contains("closedate: 2026-03-31", answer);
        Assert.Contains($"- Acme GmbH (https://app-eu1.hubspot.com/contacts/{HubSpotServer.PortalId}/record/0-2/{acme.Id})", answer);
        Assert.Contains("- Anna Berg (", answer);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_retried()
    {
        await using var server = await StartAsync();
        var deal = server.Data.Deal("Acme renewal");
        using var hubspot = new HubSpotUnderTest("hs-tools", HubSpotUnderTest.PrivateAppBody(server), fixture.Grains);
        await hubspot.Provider.CheckAsync(hubspot.Session, CancellationToken.None);
        server.ArmRateLimit();

        var answer = await hubspot.CallAsync("hubspot_get", new JsonObject { ["objectType"] = "deal", ["id"] = deal.Id.ToString() });

        Assert.Contains("Acme renewal", answer);
        Assert.Equal(2, server.Requests.Count(r => r.Path == $"/crm/v3/objects/deals/{deal.Id}"));
    }

    [Theory]
    [InlineData("""{"objectType": "widgets", "query": "x"}""", "'objectType'")]
    [InlineData("""{"objectType": "deals"}""", "'query'")]
    [InlineData("""{"objectType": "deals", "query": "x", "limit": 500}""", "'limit'")]
    public async Task Bad_search_arguments_are_refused_naming_the_argument(string arguments, string named)
    {
        await using var server = await StartAsync();
        using var hubspot = new HubSpotUnderTest("hs-tools", HubSpotUnderTest.PrivateAppBody(server), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => hubspot.CallAsync("hubspot_search", JsonNode.Parse(arguments)!.AsObject()));

        Assert.Contains(named, refusal.Message);
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_for_concurrent_tool_calls()
    {
        await using var server = await StartAsync();
        var deal = server.Data.Deal("Acme renewal");
        using var hubspot = new HubSpotUnderTest("hs-refresh", HubSpotUnderTest.OAuthBody(server), fixture.Grains);
        Assert.True(hubspot.Provider.AwaitsConsent(hubspot.Session));
        await hubspot.ConsentAsync();
        Assert.False(hubspot.Provider.AwaitsConsent(hubspot.Session));
        var first = hubspot.State["oauth"]!["accessToken"]!.GetValue<string>();
        server.ExpireAccessTokens();
        var saves = hubspot.StateSaves;

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => hubspot.CallAsync("hubspot_get", new JsonObject { ["objectType"] = "deals", ["id"] = deal.Id.ToString() })));

        Assert.All(answers, a => Assert.Contains("Acme renewal", a));
        Assert.Equal(1, server.CodeGrants);
        Assert.Equal(1, server.RefreshGrants);
        Assert.NotEqual(first, hubspot.State["oauth"]!["accessToken"]!.GetValue<string>());
        Assert.True(hubspot.StateSaves > saves, "the refreshed tokens were saved");
    }

    [Fact]
    public async Task A_token_about_to_expire_is_refreshed_before_it_is_sent()
    {
        await using var server = await StartAsync();
        var deal = server.Data.Deal("Acme renewal");
        using var hubspot = new HubSpotUnderTest("hs-refresh", HubSpotUnderTest.OAuthBody(server), fixture.Grains);
        server.AccessTokenLifetime = TimeSpan.FromMinutes(2);
        await hubspot.ConsentAsync();
        server.AccessTokenLifetime = TimeSpan.FromMinutes(30);
        var first = hubspot.State["oauth"]!["accessToken"]!.GetValue<string>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => hubspot.CallAsync("hubspot_get", new JsonObject { ["objectType"] = "deals", ["id"] = deal.Id.ToString() })));

        Assert.Equal(1, server.RefreshGrants);
        Assert.DoesNotContain(server.Requests, r => r.Authorization == $"Bearer {first}");
    }

    private static async Task<HubSpotServer> StartAsync()
    {
        var server = await HubSpotServer.StartAsync();
        server.PrivateAppTokens[HubSpotUnderTest.PrivateAppToken] = true;
        server.OAuthClients[HubSpotUnderTest.ClientId] = HubSpotUnderTest.ClientSecret;
        return server;
    }
}
