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
            .Where(p => p.ValueKind == JsonValueKind.Object && IsString(p, "type", out var type) && type == "text" && IsString(p, "text", out _))
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };

    private static bool IsString(JsonElement part, string name, out string? value)
    {
        value = part.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
        return value is not null;
    }
}
