using System.Data.Common;
using System.Text.Json;

namespace Sophia.Memory.Store;

/// <summary>A document's source as both stores keep it: JSON text in a nullable column.</summary>
internal static class DocumentSourceColumn
{
    public static string? Write(DocumentSource? source) => source is null ? null : JsonSerializer.Serialize(source, JsonSerializerOptions.Web);

    public static DocumentSource? Read(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize<DocumentSource>(reader.GetString(ordinal), JsonSerializerOptions.Web);
}
