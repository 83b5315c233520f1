using System.ComponentModel.DataAnnotations;

namespace Sophia.ClientApi.OpenAi;

/// <summary>Settings of the OpenAI-compatible endpoint (<c>Sophia:OpenAi</c>).</summary>
public sealed class OpenAiOptions
{
    /// <summary>How long <c>/v1/chat/completions</c> waits for the answer before answering 504; the turn goes on in its conversation.</summary>
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 300;
}
