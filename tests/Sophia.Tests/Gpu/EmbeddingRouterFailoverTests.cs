using System.Net;
using System.Text.Json;
using Sophia.Gpu;

namespace Sophia.Tests.Gpu;

/// <summary>Workers die under the router: no chunk is lost or lands in a wrong slot, and the local model takes over.</summary>
public sealed class EmbeddingRouterFailoverTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private EmbedWorkerProcess _first = null!;
    private EmbedWorkerProcess _second = null!;
    private SophiaServer _server = null!;

    private IEmbeddingRouterGrain Router => _server.Grains.GetGrain<IEmbeddingRouterGrain>(0);

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(EmbedWorkerProcess.StartAsync("embed-worker-c"), EmbedWorkerProcess.StartAsync("embed-worker-d"));
        (_first, _second) = (started[0], started[1]);
        _server = await SophiaServer.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Sophia:Gpu:Workers:0"] = _first.BaseUrl,
            ["Sophia:Gpu:Workers:1"] = _second.BaseUrl,
            ["Sophia:Gpu:Routing:BatchSize"] = "8",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_worker_killed_mid_batch_leaves_every_vector_in_its_slot()
    {
        using var asOperator = OperatorClient.Enter();
        var texts = EmbeddingCorpus.Texts(48, sentences: 5, seed: 21);

        var embedding = Router.EmbedAsync(texts);
        await Within.Wait(OutstandingAtAsync(_first.BaseUrl), "a batch in flight at the first worker");
        _first.Kill();
        var vectors = await Within.Wait(embedding, "the batch to complete without the first worker", TimeSpan.FromMinutes(2));

        await EmbeddingCorpus.AssertInSlotsAsync(texts, vectors);
        var stats = (await Router.GetStatsAsync()).Workers.ToDictionary(w => w.Worker);
        Assert.True(stats[_first.BaseUrl].Failures >= 1, "the killed worker's batch counts as failed");
        Assert.True(stats[_second.BaseUrl].Chunks + stats["local"].Chunks >= 8, "the other worker or the local model redid it");
        Assert.Equal(48, stats.Values.Sum(w => w.Chunks));
        Assert.Equal(0, stats[_first.BaseUrl].Outstanding);
    }

    [Fact]
    public async Task With_both_workers_killed_the_local_model_takes_over_and_operators_see_it()
    {
        using var asOperator = OperatorClient.Enter();
        var warm = EmbeddingCorpus.Texts(16, seed: 22);
        await EmbeddingCorpus.AssertInSlotsAsync(warm, await Router.EmbedAsync(warm));
        _first.Kill();
        _second.Kill();

        var texts = EmbeddingCorpus.Texts(24, seed: 23);
        var vectors = await Within.Wait(Router.EmbedAsync(texts), "the local model to embed without workers", TimeSpan.FromMinutes(2));

        await EmbeddingCorpus.AssertInSlotsAsync(texts, vectors);
        using var request = _server.Request(HttpMethod.Get, "/api/ops/gpu", await _server.TokenAsync());
        using var response = await _server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var routing = body.RootElement.GetProperty("routing");
        var workers = routing.GetProperty("workers").EnumerateArray().ToDictionary(w => w.GetProperty("worker").GetString()!);
        Assert.Equal(24, workers["local"].GetProperty("chunks").GetInt64());
        Assert.True(workers[_first.BaseUrl].GetProperty("failures").GetInt64() >= 1);
        Assert.True(workers[_second.BaseUrl].GetProperty("failures").GetInt64() >= 1);
        Assert.Equal(16, workers[_first.BaseUrl].GetProperty("chunks").GetInt64() + workers[_second.BaseUrl].GetProperty("chunks").GetInt64());
        Assert.Equal(0, routing.GetProperty("queueDepth").GetInt64());
    }

    // Polls the router's own stats: the kill must land while a batch is really in flight at that worker.
    private async Task<bool> OutstandingAtAsync(string worker)
    {
        while (true)
        {
            if ((await Router.GetStatsAsync()).Workers.Any(w => w.Worker == worker && w.Outstanding > 0))
            {
                return true;
            }

            await Task.Delay(5);
        }
    }
}
