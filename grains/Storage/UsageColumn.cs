using System.Text.Json;
using Sophia.Chat;

namespace Sophia.Storage;

/// <summary>How a turn's usage is kept in the message log's <c>usage</c> column: JSON, or null when there is none.</summary>
public static class UsageColumn
{
    public static string? Write(TurnUsage? usage) => usage is null ? null : JsonSerializer.Serialize(usage, JsonSerializerOptions.Web);

    public static TurnUsage? Read(string? column) => column is null ? null : JsonSerializer.Deserialize<TurnUsage>(column, JsonSerializerOptions.Web);
}
