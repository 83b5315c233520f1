using Microsoft.Extensions.AI;
using Sophia.Memory.Embeddings;

namespace Sophia.Gpu.Routing;

/// <summary>The local model's embeddings (same model id and size), made by whichever worker the silo's router picks.</summary>
public sealed class RoutedEmbeddingGenerator(IGrainFactory grains) : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly EmbeddingGeneratorMetadata Metadata = new("sophia-router", null, MiniLmModel.ModelId, MiniLmModel.Dimensions);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var vectors = await grains.GetGrain<IEmbeddingRouterGrain>(0).EmbedAsync([.. values]).WaitAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = MiniLmModel.ModelId, CreatedAt = now }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
