using System.Diagnostics;
using Xunit.Abstractions;

namespace Sophia.Tests.Integrations.HubSpot;

/// <summary>
/// How fast 2,000 deals come into memory from the local HubSpot, printed and not asserted: the first sync is bound by
/// memory's ingestion, the second, with nothing changed, asks only for what changed since.
/// </summary>
[Collection(HubSpotCollection.Name), Trait("Category", "Throughput")]
public sealed class HubSpotSyncThroughputTests(SyncMemoryFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Sync_throughput_of_2000_deals()
    {
        await using var server = await HubSpotSyncTests.StartAsync();
        var acme = server.Data.Company("Acme GmbH", "acme.example");
        var anna = server.Data.Contact("Anna", "Berg", acme);
        server.Data.Deals(2000, acme, anna);
        using var hubspot = new HubSpotUnderTest("hs-throughput", HubSpotUnderTest.PrivateAppBody(server), fixture.Grains);

        var clock = Stopwatch.StartNew();
        var first = await hubspot.SyncAsync();
        var firstTook = clock.Elapsed;
        var requests = server.Requests.Count;
        clock.Restart();
        var again = await hubspot.SyncAsync();
        var againTook = clock.Elapsed;

        output.WriteLine($"HubSpot first sync: {first.Documents} records in {firstTook.TotalSeconds:0.0} s = {first.Documents / firstTook.TotalSeconds:0.0} records/s ({requests} requests)");
        output.WriteLine($"HubSpot incremental sync with nothing changed: {again.Processed} records looked at in {againTook.TotalSeconds:0.0} s ({server.Requests.Count - requests} requests)");
        Assert.Equal(2002, first.Documents);
        Assert.Equal(0, again.Documents);
        Assert.Equal(2002, (await fixture.Memory("hs-throughput").ListDocumentsAsync()).Count);
    }
}
