using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sophia.Tests.Integrations.HubSpot;

/// <summary>
/// How HubSpot's search matches a record: <c>filterGroups</c> are ORed, the filters in a group ANDed; dates compare as
/// epoch milliseconds or ISO 8601; <c>query</c> finds words in the type's default searchable properties.
/// </summary>
public static class HubSpotSearchFilters
{
    private static readonly string[] Searchable = ["firstname", "lastname", "email", "phone", "company", "name", "domain", "dealname", "subject", "content", "hs_note_body"];

    public static bool Match(HubSpotCrmRecord record, JsonObject body)
    {
        if (body["query"]?.GetValue<string>() is { Length: > 0 } query
            && !Searchable.Any(p => record.Properties.TryGetValue(p, out var v) && v.Contains(query, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var groups = body["filterGroups"]?.AsArray() ?? [];
        return groups.Count == 0 || groups.Any(g => (g?["filters"]?.AsArray() ?? []).All(f => Filter(record, f!)));
    }

    /// <summary>A value that sorts as the property does: dates and numbers padded, text as it is.</summary>
    public static string SortKey(HubSpotCrmRecord record, string property) =>
        record.Properties.TryGetValue(property, out var value) ? Number(value) is { } n ? n.ToString("D20", CultureInfo.InvariantCulture) : value : "";

    private static bool Filter(HubSpotCrmRecord record, JsonNode filter)
    {
        var property = filter["propertyName"]!.GetValue<string>();
        var has = record.Properties.TryGetValue(property, out var actual) && actual is not null;
        var expected = filter["value"]?.ToString();
        return filter["operator"]!.GetValue<string>() switch
        {
            "HAS_PROPERTY" => has,
            "NOT_HAS_PROPERTY" => !has,
            "EQ" => has && Compare(actual!, expected) == 0,
            "NEQ" => !has || Compare(actual!, expected) != 0,
            "GT" => has && Compare(actual!, expected) > 0,
            "GTE" => has && Compare(actual!, expected) >= 0,
            "LT" => has && Compare(actual!, expected) < 0,
            "LTE" => has && Compare(actual!, expected) <= 0,
            "CONTAINS_TOKEN" => has && expected is not null && actual!.Contains(expected.Trim('*'), StringComparison.OrdinalIgnoreCase),
            var other => throw new BadHttpRequestException($"Unknown operator {other}"),
        };
    }

    private static int Compare(string actual, string? expected) =>
        Number(actual) is { } a && Number(expected) is { } e ? a.CompareTo(e) : string.Compare(actual, expected, StringComparison.OrdinalIgnoreCase);

    // Date properties hold ISO 8601 and filters send epoch milliseconds: both compare as milliseconds.
    private static long? Number(string? value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : value is not null && value.Contains('T') && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUnixTimeMilliseconds()
        : null;
}
