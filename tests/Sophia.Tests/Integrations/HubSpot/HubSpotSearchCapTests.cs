using System.Text.Json.Nodes;

namespace Sophia.Tests.Integrations.HubSpot;

/// <summary>HubSpot's search stops at 10,000 results a query; the local server's limit is lowered to reach it with few records.</summary>
[Collection(HubSpotCollection.Name)]
public sealed class HubSpotSearchCapTests(SyncMemoryFixture fixture)
{
    [Fact]
    public async Task Paging_past_the_search_cap_starts_again_from_the_last_change_written_and_writes_nothing_twice()
    {
        await using var server = await HubSpotSyncTests.StartAsync();
        server.SearchResultCap = 100;
        var sameTime = server.Data.Tick();
        server.Data.Deals(40, at: sameTime);
        var later = server.Data.Deals(100);
        using var hubspot = new HubSpotUnderTest("hs-cap", HubSpotUnderTest.PrivateAppBody(server), fixture.Grains);

        var progress = await hubspot.SyncAsync();

        Assert.Equal(140, progress.Documents);
        Assert.Equal(140, (await fixture.Memory("hs-cap").ListDocumentsAsync()).Count);
        var searches = server.Searches("deals").Select(r => JsonNode.Parse(r.Body!)!).ToList();
        Assert.Contains(searches, s => s["after"]?.ToString() == "100");
        var since = searches.Select(s => s["filterGroups"]![0]!["filters"]![0]!["value"]!.ToString()).Distinct().ToList();
        Assert.Equal(["0", later[59].UpdatedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)], since);
    }
}
