using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Hybrid;
using Sophia.Memory.Chunking;

namespace Sophia.Memory.Embeddings;

/// <summary>
/// Caches embeddings in L1 (<see cref="HybridCache"/>: in-process, and Redis in a cluster) by model, tenant
/// (<see cref="EmbeddingTenant"/>) and content hash, and sends only the texts not cached to the generator it wraps, in
/// one call. Texts embedded for no tenant are not cached.
/// </summary>
public sealed class HybridCachingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, HybridCache cache)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    private static readonly HybridCacheEntryOptions Keep = new() { Expiration = TimeSpan.FromDays(30), LocalCacheExpiration = TimeSpan.FromHours(1) };

    private readonly string _model = inner.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "default";

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var tenant = EmbeddingTenant.Of(options);
        options = EmbeddingTenant.Without(options);
        if (tenant is null)
        {
            return await base.GenerateAsync(values, options, cancellationToken);
        }

        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var vectors = new float[]?[texts.Count];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            var cached = await cache.GetOrCreateAsync(Key(tenant, texts[i]), _ => ValueTask.FromResult<byte[]?>(null), ReadOnly, cancellationToken: cancellationToken);
            if (cached is null)
            {
                missing.Add(i);
            }
            else
            {
                vectors[i] = MemoryMarshal.Cast<byte, float>(cached).ToArray();
            }
        }

        if (missing.Count > 0)
        {
            var generated = await base.GenerateAsync(missing.Select(i => texts[i]).ToList(), options, cancellationToken);
            for (var m = 0; m < missing.Count; m++)
            {
                var vector = generated[m].Vector.ToArray();
                vectors[missing[m]] = vector;
                await cache.SetAsync(Key(tenant, texts[missing[m]]), MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(), Keep, cancellationToken: cancellationToken);
            }
        }

        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v!) { ModelId = _model }));
    }

    /// <summary>Drops the tenant's cached embeddings of these texts (a forgotten document's chunks).</summary>
    public async Task ForgetAsync(string tenant, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        foreach (var text in texts)
        {
            await cache.RemoveAsync(Key(tenant, text), cancellationToken);
        }
    }

    private string Key(string tenant, string text) => $"memory:embedding:{_model}:{tenant}:{ContentHash.Of(text)}";
}
