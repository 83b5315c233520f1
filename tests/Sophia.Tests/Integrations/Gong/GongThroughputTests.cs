using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Sophia.Tests.Integrations.Gong;

[Collection(GongCollection.Name)]
public sealed class GongThroughputTests(GongFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_thousand_calls_sync_within_gongs_rate_limit_and_the_records_a_second_are_printed()
    {
        const int Calls = 2000;
        await using var server = await GongServer.StartAsync();
        server.Data.Seed(Calls, DateTimeOffset.UtcNow.AddDays(-3));
        using var gong = new GongUnderTest("gong-throughput", GongUnderTest.Body(server), fixture.Grains);

        var clock = Stopwatch.StartNew();
        var progress = await gong.SyncAsync();
        clock.Stop();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Gong sync: {progress.Documents} calls in {clock.Elapsed.TotalSeconds:0.0} s = {progress.Documents / clock.Elapsed.TotalSeconds:0.0} records/s over {server.Requests.Count} API calls ({server.TooManyRequestsAnswered} answered 429) at {GongServer.CallsPerSecond} calls/s"));
        Assert.Equal(Calls, progress.Documents);
        Assert.Equal(Calls, (await fixture.Memory("gong-throughput").ListDocumentsAsync()).Count);
    }
}
