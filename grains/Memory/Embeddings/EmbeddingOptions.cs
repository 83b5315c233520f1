using System.ComponentModel.DataAnnotations;

namespace Sophia.Memory.Embeddings;

/// <summary>
/// Which model embeds (<c>Sophia:Memory:Embeddings</c>): the local all-MiniLM-L6-v2 unless an OpenAI-compatible endpoint is
/// configured, in which case Endpoint, Model, ApiKey and Dimensions go together.
/// </summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    /// <summary>Base URL ending in <c>/v1</c>.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Size of the endpoint's vectors (the vector index is created with it).</summary>
    [Range(1, 65536)]
    public int? Dimensions { get; set; }

    public bool UsesEndpoint => !string.IsNullOrWhiteSpace(Endpoint);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var set = new object?[] { Endpoint, Model, ApiKey, Dimensions }.Count(v => v is not null && v is not "");
        if (set is not 0 and not 4)
        {
            yield return new ValidationResult(
                "Sophia:Memory:Embeddings needs Endpoint, Model, ApiKey and Dimensions together (or none of them for the local model).",
                [nameof(Endpoint), nameof(Model), nameof(ApiKey), nameof(Dimensions)]);
        }

        if (UsesEndpoint && !Uri.TryCreate(Endpoint, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"Sophia:Memory:Embeddings:Endpoint '{Endpoint}' is not an absolute URL.", [nameof(Endpoint)]);
        }
    }
}
