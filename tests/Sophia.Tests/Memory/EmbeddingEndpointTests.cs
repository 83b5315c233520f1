using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sophia.Memory.Embeddings;
using Sophia.Silo.Hosting;

namespace Sophia.Tests.Memory;

/// <summary>Memory embeds through any OpenAI-compatible embeddings endpoint when one is configured.</summary>
public sealed class EmbeddingEndpointTests(LocalModelFixture fixture) : IClassFixture<LocalModelFixture>
{
    [Fact]
    public async Task A_configured_endpoint_embeds_with_the_key_and_model_it_was_given()
    {
        await using var server = await EmbeddingsServer.StartAsync(fixture.Model);
        await using var services = Services(new()
        {
            ["Sophia:Memory:Embeddings:Endpoint"] = server.Endpoint,
            ["Sophia:Memory:Embeddings:Model"] = EmbeddingsServer.Model,
            ["Sophia:Memory:Embeddings:ApiKey"] = EmbeddingsServer.ApiKey,
            ["Sophia:Memory:Embeddings:Dimensions"] = "384",
        });
        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var remote = await generator.GenerateAsync(["Where is the office?", "The office is in Lisbon."]);
        var local = await fixture.Model.GenerateAsync(["Where is the office?", "The office is in Lisbon."]);

        var request = Assert.Single(server.Requests);
        Assert.Equal(EmbeddingsServer.Model, request["model"]!.GetValue<string>());
        Assert.InRange(TensorPrimitives.CosineSimilarity(remote[1].Vector.Span, local[1].Vector.Span), 0.9999f, 1.0001f);
    }

    [Fact]
    public async Task An_endpoint_configured_by_halves_is_refused_at_start_saying_what_is_missing()
    {
        await using var services = Services(new() { ["Sophia:Memory:Embeddings:Endpoint"] = "http://127.0.0.1:1/v1" });

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());

        Assert.Contains("Endpoint, Model, ApiKey and Dimensions together", refused.Message);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSophiaCache(configuration);
        services.AddSophiaMemory(configuration);
        return services.BuildServiceProvider();
    }
}
