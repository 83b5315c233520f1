using Microsoft.Extensions.AI;

namespace Sophia.Tests.Memory;

/// <summary>Passes through to a real model and records which texts it was asked to embed; leaves the model to its owner.</summary>
public sealed class RecordingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public List<string> Embedded { get; } = [];

    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        Embedded.AddRange(texts);
        return base.GenerateAsync(texts, options, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        // The model belongs to whoever passed it in.
    }
}
