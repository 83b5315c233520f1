using System.ComponentModel.DataAnnotations;

namespace Sophia.Gpu.Routing;

/// <summary>How embedding batches are grouped and routed (<c>Sophia:Gpu:Routing</c>, workers from <c>Sophia:Gpu:Workers</c>).</summary>
public sealed class EmbeddingRoutingOptions : IValidatableObject
{
    public const string Section = "Sophia:Gpu:Routing";
    public const string WorkersSection = "Sophia:Gpu:Workers";

    /// <summary>Chunks per batch sent to a worker: a batch leaves as soon as this many wait.</summary>
    [Range(1, 2048)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Longest a chunk waits for its batch to fill before the batch leaves anyway.</summary>
    [Range(0, 10_000)]
    public int MaxWaitMilliseconds { get; set; } = 20;

    /// <summary>A worker that has not answered a batch this long has failed it; the batch goes elsewhere.</summary>
    [Range(1, 600)]
    public int WorkerTimeoutSeconds { get; set; } = 60;

    /// <summary>After a failure a worker gets no batches this long.</summary>
    [Range(0, 3600)]
    public int FailingSeconds { get; set; } = 15;

    /// <summary>How long the pool's list of ready workers is reused before it is asked again.</summary>
    [Range(0, 300)]
    public int PoolRefreshSeconds { get; set; } = 5;

    /// <summary>Operators' own workers (base URLs such as <c>http://10.0.0.5:8080</c>), used beside the pool's.</summary>
    public List<string> Workers { get; set; } = [];

    public TimeSpan MaxWait => TimeSpan.FromMilliseconds(MaxWaitMilliseconds);

    /// <summary>The workers' base URLs without a trailing <c>/</c> or <c>/v1</c>.</summary>
    public IReadOnlyList<string> WorkerEndpoints => Workers.Where(w => !string.IsNullOrWhiteSpace(w)).Select(Normalize).Distinct().ToList();

    public static string Normalize(string url)
    {
        var trimmed = url.Trim().TrimEnd('/');
        return trimmed.EndsWith("/v1", StringComparison.Ordinal) ? trimmed[..^3] : trimmed;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var worker in Workers.Where(w => !string.IsNullOrWhiteSpace(w)))
        {
            if (!Uri.TryCreate(worker, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"{WorkersSection} entry '{worker}' is not an absolute http(s) URL such as http://10.0.0.5:8080.", [nameof(Workers)]);
            }
        }
    }
}
