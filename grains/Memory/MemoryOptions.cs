using System.ComponentModel.DataAnnotations;

namespace Sophia.Memory;

/// <summary>Layered memory (<c>Sophia:Memory</c>): chunking, embedding batches and per-tenant limits.</summary>
public sealed class MemoryOptions : IValidatableObject
{
    /// <summary>Tokens per chunk (the local model reads at most 256, its special tokens included).</summary>
    [Range(16, 254)]
    public int ChunkTokens { get; set; } = 200;

    /// <summary>Tokens each chunk repeats from the end of the one before it.</summary>
    [Range(0, 200)]
    public int ChunkOverlapTokens { get; set; } = 40;

    /// <summary>Chunks embedded per model call; 16–32 suits the local model (larger batches grow ONNX Runtime's arena to gigabytes).</summary>
    [Range(1, 64)]
    public int EmbeddingBatchSize { get; set; } = 32;

    /// <summary>Chunks a tenant may keep across all its scopes; an ingestion that would pass it is refused.</summary>
    [Range(1, int.MaxValue)]
    public int MaxChunksPerTenant { get; set; } = 200_000;

    /// <summary>Largest file accepted, in bytes.</summary>
    [Range(1, int.MaxValue)]
    public int MaxDocumentBytes { get; set; } = 20 * 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ChunkOverlapTokens >= ChunkTokens)
        {
            yield return new ValidationResult(
                $"Sophia:Memory:ChunkOverlapTokens ({ChunkOverlapTokens}) must be smaller than ChunkTokens ({ChunkTokens}).",
                [nameof(ChunkOverlapTokens)]);
        }
    }
}
