using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sophia.ClientApi.OpenAi;

/// <summary>The part of OpenAI's chat completions request Sophia reads.</summary>
public sealed record ChatCompletionRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatCompletionMessage>? Messages,
    [property: JsonPropertyName("stream")] bool Stream = false);

/// <summary>One request message; <c>content</c> is a string or an array of text parts.</summary>
public sealed record ChatCompletionMessage(
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("content")] JsonElement Content)
{
    public string Text => Content.ValueKind switch
    {
        JsonValueKind.String => Content.GetString()!,
        JsonValueKind.Array => string.Concat(Content.EnumerateArray()
            .Where(p => p.TryGetProperty("type", out var type) && type.GetString() == "text")
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };
}
