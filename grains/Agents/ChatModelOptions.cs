using System.ComponentModel.DataAnnotations;

namespace Sophia.Agents;

/// <summary>The OpenAI-compatible chat model (<c>Sophia:Llm</c>); all of Endpoint, Model and ApiKey, or none.</summary>
public sealed class ChatModelOptions : IValidatableObject
{
    /// <summary>Base URL ending in <c>/v1</c>, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.</summary>
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Extra headers sent with every model request (a gateway's routing or config headers).</summary>
    public Dictionary<string, string> Headers { get; set; } = [];

    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Retries of a model request answered 429, 5xx or not at all, before the turn ends in an error event.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; it doubles per attempt, with jitter, unless the endpoint sends Retry-After.</summary>
    [Range(1, 60_000)]
    public int RetryDelayMilliseconds { get; set; } = 1000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var set = new[] { Endpoint, Model, ApiKey }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (set is not 0 and not 3)
        {
            yield return new ValidationResult(
                "Sophia:Llm needs Endpoint, Model and ApiKey together (or none of them for offline mode).",
                [nameof(Endpoint), nameof(Model), nameof(ApiKey)]);
        }

        if (IsConfigured && (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"Sophia:Llm:Endpoint '{Endpoint}' is not an absolute http(s) URL.", [nameof(Endpoint)]);
        }
    }
}
