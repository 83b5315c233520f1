using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Sophia.Gpu;
using Sophia.Memory.Embeddings;
using Sophia.Tests.Gpu;
using Sophia.Tests.Infrastructure;

namespace Sophia.Benchmarks;

/// <summary>
/// The same corpus embedded (a) by the local model in this process, (b) through the router with one <c>--role embed-worker</c>
/// process, (c) with two; and the router's overhead per batch: a batch through the router grain minus the same batch
/// posted straight to the worker, medians of alternating rounds.
/// </summary>
public static class EmbeddingRoutingBenchmark
{
    private const int BatchSize = 32;
    private const int OverheadRounds = 15;

    // About 180 tokens a chunk, near memory's chunk size.
    private const int Sentences = 10;

    public static async Task<int> RunAsync(int chunks)
    {
        var corpus = EmbeddingCorpus.Texts(chunks, sentences: Sentences, seed: 5);
        var warmup = EmbeddingCorpus.Texts(BatchSize, sentences: Sentences, seed: 6);
        var tokens = corpus.Average(t => MiniLmModel.Tokenizer.CountTokens(t));
        Console.WriteLine($"{chunks} chunks of about {tokens:0} tokens, batches of {BatchSize}, {Environment.ProcessorCount} cores");

        double local, parallel;
        using (var model = new LocalMiniLmEmbeddingGenerator(BatchSize))
        {
            await model.GenerateAsync(warmup);
            var clock = Stopwatch.StartNew();
            await model.GenerateAsync(corpus);
            local = chunks / clock.Elapsed.TotalSeconds;
            clock.Restart();
            await Task.WhenAll(corpus.Chunk(BatchSize).Select(batch => model.GenerateAsync(batch)));
            parallel = chunks / clock.Elapsed.TotalSeconds;
        }

        // The router sends every batch at once, so a worker runs several side by side: (a') is that without HTTP.
        Console.WriteLine($"(a) in-process local model:   {local,7:0.0} chunks/s, batch after batch (as memory calls it without workers)");
        Console.WriteLine($"(a') in-process, batches side by side: {parallel,7:0.0} chunks/s");
        await using var first = await EmbedWorkerProcess.StartAsync("bench-worker-1");
        var one = await ThroughRouterAsync([first], corpus, warmup, measureOverhead: true);
        Console.WriteLine($"(b) router, one worker:       {one,7:0.0} chunks/s ({one / parallel:P0} of (a'))");
        await using var second = await EmbedWorkerProcess.StartAsync("bench-worker-2");
        var two = await ThroughRouterAsync([first, second], corpus, warmup, measureOverhead: false);
        Console.WriteLine($"(c) router, two workers:      {two,7:0.0} chunks/s ({two / one:P0} of one worker)");
        Console.WriteLine($"Workers here share this machine's {Environment.ProcessorCount} cores with each other and the caller: a second local worker adds no compute, so (c) cannot beat (b); on separate GPU instances it would.");
        return 0;
    }

    private static async Task<double> ThroughRouterAsync(IReadOnlyList<EmbedWorkerProcess> workers, IReadOnlyList<string> corpus, IReadOnlyList<string> warmup, bool measureOverhead)
    {
        using var data = new TempFolder();
        var settings = new Dictionary<string, string> { ["Sophia:Gpu:Routing:BatchSize"] = BatchSize.ToString() };
        for (var i = 0; i < workers.Count; i++)
        {
            settings[$"Sophia:Gpu:Workers:{i}"] = workers[i].BaseUrl;
        }

        await using var server = await SophiaServer.StartAsync(data.Path, settings);
        var router = server.Grains.GetGrain<IEmbeddingRouterGrain>(0);
        await router.EmbedAsync(warmup);
        if (measureOverhead)
        {
            await MeasureOverheadAsync(router, workers[0].BaseUrl, warmup);
        }

        var clock = Stopwatch.StartNew();
        await router.EmbedAsync(corpus);
        var rate = corpus.Count / clock.Elapsed.TotalSeconds;
        var stats = await router.GetStatsAsync();
        Console.WriteLine($"    per worker: {string.Join("; ", stats.Workers.Select(w => $"{w.Worker} {w.Chunks} chunks in {w.Batches} batches, {w.ChunksPerSecond:0.0}/s busy, {w.Failures} failures"))}");
        return rate;
    }

    private static async Task MeasureOverheadAsync(IEmbeddingRouterGrain router, string worker, IReadOnlyList<string> batch)
    {
        using var http = new HttpClient { BaseAddress = new Uri(worker) };
        var direct = new List<double>();
        var routed = new List<double>();
        for (var round = 0; round < OverheadRounds; round++)
        {
            var clock = Stopwatch.StartNew();
            using (var response = await http.PostAsJsonAsync("/v1/embeddings", new { input = batch, model = MiniLmModel.ModelId, encoding_format = "float" }))
            {
                using var body = await JsonDocument.ParseAsync(await response.EnsureSuccessStatusCode().Content.ReadAsStreamAsync());
                _ = body.RootElement.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("embedding").EnumerateArray().Select(n => n.GetSingle()).ToArray()).ToList();
            }

            direct.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await router.EmbedAsync(batch);
            routed.Add(clock.Elapsed.TotalMilliseconds);
        }

        var (d, r) = (Percentiles.Of(direct, 50), Percentiles.Of(routed, 50));
        Console.WriteLine($"    one batch of {batch.Count}: direct HTTP to the worker {d:0.0} ms, through the router grain {r:0.0} ms (medians of {OverheadRounds}); routing overhead {r - d:0.0} ms per batch ({(r - d) / d:P1})");
    }
}
