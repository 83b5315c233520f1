using System.Text.Json;

namespace Sophia.Storage;

/// <summary>How structured event details (a turn's usage, a step) are kept in the message log: JSON, or null.</summary>
public static class JsonColumn
{
    public static string? Write<T>(T? value) where T : class => value is null ? null : JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    public static T? Read<T>(string? column) where T : class => column is null ? null : JsonSerializer.Deserialize<T>(column, JsonSerializerOptions.Web);
}
