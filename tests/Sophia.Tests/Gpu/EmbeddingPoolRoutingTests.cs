using System.Net;
using System.Net.Http.Json;
using Sophia.Gpu;

namespace Sophia.Tests.Gpu;

/// <summary>A worker the pool leased (its health check answered) takes the router's batches, with the workers' key.</summary>
public sealed class EmbeddingPoolRoutingTests
{
    private const string WorkerApiKey = "worker-key-for-router-tests";

    [Fact]
    public async Task A_ready_pool_worker_gets_the_batches_and_requires_the_workers_key()
    {
        using var asOperator = OperatorClient.Enter();
        using var data = new TempFolder();
        await using var lambda = await LambdaCloudServer.StartAsync();
        await using var worker = await EmbedWorkerProcess.StartAsync("embed-worker-pool", WorkerApiKey);
        var settings = lambda.SophiaSettings(maxInstances: 1);
        settings["Sophia:Gpu:WorkerPort"] = new Uri(worker.BaseUrl).Port.ToString();
        settings["Sophia:Gpu:WorkerApiKey"] = WorkerApiKey;
        await using var server = await SophiaServer.StartAsync(data.Path, settings);
        var pool = server.Grains.GetGrain<IGpuPoolGrain>("local");
        await pool.SetDesiredCountAsync(1);
        await pool.ReconcileAsync();
        lambda.ActivateAll("sophia-sophia-local-");
        var ready = await pool.ReconcileAsync();
        Assert.Equal(GpuLeaseState.Ready, Assert.Single(ready.Leases).State);

        var texts = EmbeddingCorpus.Texts(40, seed: 51);
        var router = server.Grains.GetGrain<IEmbeddingRouterGrain>(0);
        await EmbeddingCorpus.AssertInSlotsAsync(texts, await router.EmbedAsync(texts));

        var used = Assert.Single((await router.GetStatsAsync()).Workers, w => w.Source == "pool");
        Assert.Equal((worker.BaseUrl, 40L, 0L), (used.Worker, used.Chunks, used.Failures));
        using var http = new HttpClient();
        using var keyless = await http.PostAsJsonAsync($"{worker.BaseUrl}/v1/embeddings", new { model = "all-MiniLM-L6-v2", input = "hello" });
        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
    }
}
