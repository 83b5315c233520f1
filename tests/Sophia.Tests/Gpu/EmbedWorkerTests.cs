using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Embeddings;
using Sophia.Gpu;

namespace Sophia.Tests.Gpu;

/// <summary>Two real <c>--role embed-worker</c> processes on loopback, shared by the class.</summary>
public sealed class EmbedWorkersFixture : IAsyncLifetime
{
    public EmbedWorkerProcess First { get; private set; } = null!;

    public EmbedWorkerProcess Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(EmbedWorkerProcess.StartAsync("embed-worker-a"), EmbedWorkerProcess.StartAsync("embed-worker-b"));
        (First, Second) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}

/// <summary>The worker answers the official OpenAI client unchanged, and the router spreads batches over two of them.</summary>
public sealed class EmbedWorkerTests(EmbedWorkersFixture workers) : IClassFixture<EmbedWorkersFixture>
{
    private EmbeddingClient Client(string model) => new(model, new ApiKeyCredential("any"),
        new OpenAIClientOptions { Endpoint = new Uri($"{workers.First.BaseUrl}/v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) });

    [Fact]
    public async Task The_official_OpenAI_client_gets_the_local_models_vectors()
    {
        var texts = EmbeddingCorpus.Texts(5, seed: 11);

        var result = await Client("all-MiniLM-L6-v2").GenerateEmbeddingsAsync(texts);

        Assert.Equal([0, 1, 2, 3, 4], result.Value.Select(e => e.Index));
        await EmbeddingCorpus.AssertInSlotsAsync(texts, [.. result.Value.Select(e => e.ToFloats().ToArray())]);
        Assert.True(result.Value.Usage.InputTokenCount > 5);
    }

    [Fact]
    public async Task An_unknown_model_is_a_404_that_names_the_model_served()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client("text-embedding-3-small").GenerateEmbeddingsAsync(["hello"]));

        Assert.Equal(404, error.Status);
        Assert.Contains("all-MiniLM-L6-v2", error.Message);
    }

    [Theory]
    [InlineData("{\"model\":\"all-MiniLM-L6-v2\",\"input\":[[101,2023]]}", "token arrays")]
    [InlineData("{\"model\":\"all-MiniLM-L6-v2\",\"input\":[]}", "1 to 2048")]
    [InlineData("{\"model\":\"all-MiniLM-L6-v2\",\"input\":[\"ok\",3]}", "token arrays")]
    [InlineData("{\"model\":\"all-MiniLM-L6-v2\",\"input\":[\"ok\",{\"a\":1}]}", "input[1]")]
    [InlineData("{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"\"}", "empty")]
    [InlineData("{\"model\":\"all-MiniLM-L6-v2\"}", "'input' is required")]
    [InlineData("{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"a\",\"dimensions\":256}", "384")]
    [InlineData("{\"model\":\"all-MiniLM-L6-v2\",\"input\":\"a\",\"encoding_format\":\"int8\"}", "encoding_format")]
    [InlineData("not json", "not valid JSON")]
    public async Task Bad_input_is_a_400_that_says_what_to_fix(string body, string hint)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{workers.First.BaseUrl}/v1/embeddings", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(hint, error.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task More_than_2048_inputs_is_a_400()
    {
        using var http = new HttpClient();
        var body = JsonSerializer.Serialize(new { model = "all-MiniLM-L6-v2", input = Enumerable.Repeat("x", 2049) });
        using var response = await http.PostAsync($"{workers.First.BaseUrl}/v1/embeddings", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_router_spreads_batches_over_both_workers_and_memory_embeds_through_it()
    {
        using var asOperator = OperatorClient.Enter();
        using var data = new TempFolder();
        await using var server = await SophiaServer.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Sophia:Gpu:Workers:0"] = workers.First.BaseUrl,
            ["Sophia:Gpu:Workers:1"] = workers.Second.BaseUrl,
            ["Sophia:Gpu:Routing:BatchSize"] = "16",
        });
        var router = server.Grains.GetGrain<IEmbeddingRouterGrain>(0);
        var texts = EmbeddingCorpus.Texts(160, seed: 12);

        var vectors = await router.EmbedAsync(texts);

        await EmbeddingCorpus.AssertInSlotsAsync(texts, vectors);
        var stats = await router.GetStatsAsync();
        var first = Assert.Single(stats.Workers, w => w.Worker == workers.First.BaseUrl);
        var second = Assert.Single(stats.Workers, w => w.Worker == workers.Second.BaseUrl);
        Assert.True(first.Batches > 0 && second.Batches > 0, $"batches: first {first.Batches}, second {second.Batches}");
        Assert.Equal(160, first.Chunks + second.Chunks);
        Assert.Equal(0, stats.Workers.Single(w => w.Worker == "local").Chunks);
        Assert.Equal(0, stats.QueueDepth);

        var memory = server.Grains.GetGrain<Sophia.Memory.IMemoryGrain>(Sophia.Memory.MemoryScopes.Key("default", Sophia.Memory.MemoryScopes.Tenant));
        await memory.RecallAsync(new Sophia.Memory.RecallQuery("Who repaired the boiler?"));
        var after = await router.GetStatsAsync();
        Assert.Equal(161, after.Workers.Where(w => w.Source == "static").Sum(w => w.Chunks));
    }
}
