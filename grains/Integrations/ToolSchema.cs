using System.Text.Json.Nodes;

namespace Sophia.Integrations.Providers;

/// <summary>The JSON schemas of integration tools' arguments: an object of named properties, closed to others.</summary>
public static class ToolSchema
{
    public static JsonObject Text(string description) => new() { ["type"] = "string", ["description"] = description };

    public static string Schema(string[] required, params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = props,
            ["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]),
            ["additionalProperties"] = false,
        }.ToJsonString();
    }
}
