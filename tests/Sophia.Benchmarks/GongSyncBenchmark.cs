using System.Diagnostics;
using Sophia.Memory;
using Sophia.Tests.Infrastructure;
using Sophia.Tests.Integrations.Gong;
using Sophia.Tests.Memory;

namespace Sophia.Benchmarks;

/// <summary>
/// The Gong sync end to end against the local Gong: calls with their transcripts paged from the API at Gong's 3 calls a
/// second (through the grain's resilience pipeline) and written into a tenant's memory, one document per call.
/// </summary>
public static class GongSyncBenchmark
{
    public static async Task<int> RunAsync(int calls)
    {
        using var data = new TempFolder();
        var cluster = await MemoryClusterFixture.StartAsync(data.Path);
        try
        {
            await using var server = await GongServer.StartAsync();
            server.Data.Seed(calls, DateTimeOffset.UtcNow.AddDays(-3));
            using var gong = new GongUnderTest("gong-benchmark", GongUnderTest.Body(server), cluster.Client);

            var clock = Stopwatch.StartNew();
            var progress = await gong.SyncAsync();
            clock.Stop();

            var documents = (await cluster.Client.GetGrain<IMemoryGrain>(MemoryScopes.Key("gong-benchmark", MemoryScopes.Tenant)).ListDocumentsAsync()).Count;
            Console.WriteLine($"{calls} calls, {progress.Documents} written, {documents} documents in memory, {Environment.ProcessorCount} cores");
            Console.WriteLine($"{server.Requests.Count} Gong API calls ({server.TooManyRequestsAnswered} answered 429) at {GongServer.CallsPerSecond} a second: at least {server.Requests.Count / (double)GongServer.CallsPerSecond:0.0} s of the run");
            Console.WriteLine($"Gong sync: {progress.Documents / clock.Elapsed.TotalSeconds:0.0} records/s ({clock.Elapsed.TotalSeconds:0.0} s)");
            return progress.Documents == calls && documents == calls ? 0 : 1;
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
