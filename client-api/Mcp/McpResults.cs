using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace Sophia.ClientApi.Mcp;

/// <summary>Tool results as MCP clients read them: text for the model, flagged as an error when the call did not do its work.</summary>
public static class McpResults
{
    public static CallToolResult Text(string text) => new() { Content = [new TextContentBlock { Text = text }] };

    /// <summary>A refusal or failure the model can read and act on (fix the arguments, wait for the quota, tell the user).</summary>
    public static CallToolResult Error(string text) => new() { Content = [new TextContentBlock { Text = text }], IsError = true };

    /// <summary>The JSON schema of an object whose properties are all strings: name, description, required.</summary>
    public static JsonElement StringArguments(params (string Name, string Description, bool Required)[] properties) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["type"] = "object",
            ["properties"] = properties.ToDictionary(p => p.Name, p => new { type = "string", description = p.Description }),
            ["required"] = properties.Where(p => p.Required).Select(p => p.Name).ToArray(),
        });

    /// <summary>The argument as a non-blank string; null when it is missing, blank or not a string.</summary>
    public static string? StringArgument(IReadOnlyDictionary<string, JsonElement> arguments, string name) =>
        arguments.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;
}
