using System.Text.Json.Nodes;
using Sophia.Integrations.HubSpot;
using Sophia.Integrations.Providers;

namespace Sophia.Tests.Integrations.HubSpot;

[Collection(HubSpotCollection.Name)]
public sealed class HubSpotResumeTests(SyncMemoryFixture fixture)
{
    [Fact]
    public async Task A_sync_that_fails_mid_way_resumes_from_its_checkpoint_and_writes_nothing_twice()
    {
        await using var server = await HubSpotSyncTests.StartAsync();
        server.Data.Deals(210);
        using var hubspot = new HubSpotUnderTest("hs-resume", HubSpotUnderTest.PrivateAppBody(server), fixture.Grains);
        // Companies and contacts take one search each; the deals' second page then fails past the retries.
        server.FailSearchesAfter(3, 4);

        var failed = new SyncProgressOf(hubspot);
        await Assert.ThrowsAsync<HubSpotApiException>(failed.RunAsync);
        var before = server.Searches("deals").Count();
        var resumed = await hubspot.SyncAsync();

        Assert.Equal(200, failed.Progress.Documents);
        Assert.Equal(10, resumed.Documents);
        Assert.Equal(210, (await fixture.Memory("hs-resume").ListDocumentsAsync()).Count);
        Assert.Equal("200", JsonNode.Parse(server.Searches("deals").Skip(before).First().Body!)!["after"]?.ToString());
    }

    /// <summary>A sync whose progress stays readable when it throws.</summary>
    private sealed class SyncProgressOf(HubSpotUnderTest hubspot)
    {
        public SyncProgress Progress { get; } = new();

        public Task RunAsync() => hubspot.Provider.SyncAsync(hubspot.Session, Progress, CancellationToken.None);
    }
}
