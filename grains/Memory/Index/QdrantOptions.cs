namespace Sophia.Memory.Index;

/// <summary>Qdrant for the cluster profile's vectors (<c>Sophia:Memory:Qdrant</c>).</summary>
public sealed class QdrantOptions
{
    /// <summary>The gRPC endpoint, e.g. http://qdrant:6334.</summary>
    public string? Url { get; set; }

    public string? ApiKey { get; set; }

    public string Collection { get; set; } = "sophia_memory";
}
