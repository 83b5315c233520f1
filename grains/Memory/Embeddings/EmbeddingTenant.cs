using Microsoft.Extensions.AI;

namespace Sophia.Memory.Embeddings;

/// <summary>
/// The tenant an embedding is made for, carried in <see cref="EmbeddingGenerationOptions"/>: the cache keeps each tenant's
/// embeddings apart, so no tenant learns from the cache what another has embedded.
/// </summary>
public static class EmbeddingTenant
{
    private const string Key = "sophia.tenant";

    public static EmbeddingGenerationOptions For(string tenant) => new() { AdditionalProperties = new() { [Key] = tenant } };

    /// <summary>The tenant these options name, or null.</summary>
    public static string? Of(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out var tenant) == true ? tenant as string : null;

    /// <summary>The options without the tenant, for a model that has no use for it.</summary>
    public static EmbeddingGenerationOptions? Without(EmbeddingGenerationOptions? options)
    {
        if (Of(options) is null)
        {
            return options;
        }

        var rest = options!.Clone();
        rest.AdditionalProperties = new AdditionalPropertiesDictionary(options.AdditionalProperties!.Where(p => p.Key != Key));
        return rest;
    }
}
