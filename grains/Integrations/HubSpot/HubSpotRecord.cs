using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sophia.Integrations.HubSpot;

/// <summary>A record another one is associated with, by its name.</summary>
internal sealed record HubSpotAssociated(HubSpotObjectType Type, string Id, string Name);

/// <summary>One CRM record as the API returns it (id, properties, <c>updatedAt</c>) with the records it is associated with.</summary>
internal sealed record HubSpotRecord(HubSpotObjectType Type, string Id, JsonObject Properties, DateTimeOffset UpdatedAt)
{
    public string Title => Type.Title(Id, Properties);

    public static HubSpotRecord Parse(HubSpotObjectType type, JsonNode result)
    {
        var properties = result["properties"] as JsonObject ?? [];
        var updated = result["updatedAt"]?.GetValue<string>() ?? properties[type.ModifiedProperty]?.GetValue<string>();
        return new HubSpotRecord(type, result["id"]!.GetValue<string>(), properties,
            DateTimeOffset.TryParse(updated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch);
    }

    /// <summary>The record's page; a note has none of its own, so it is the page of the record it was written on.</summary>
    public string Url(HubSpotPortal portal, IReadOnlyList<HubSpotAssociated> associated) =>
        Type == HubSpotObjectType.Notes && associated.FirstOrDefault() is { } on ? portal.Url(on.Type, on.Id) : portal.Url(Type, Id);

    /// <summary>The useful properties, one a line, as "name: value".</summary>
    public IEnumerable<string> PropertyLines() =>
        Type.Properties
            .Select(p => (Name: p, Value: Properties[p] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null))
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Name}: {HubSpotText.Value(p.Name, p.Value!)}");

    public string Markdown(HubSpotPortal portal, IReadOnlyList<HubSpotAssociated> associated)
    {
        var text = new StringBuilder();
        foreach (var line in PropertyLines())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }

        foreach (var group in associated.GroupBy(a => a.Type))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Associated {group.Key.Name}:");
            foreach (var record in group)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {record.Name} ({portal.Url(record.Type, record.Id)})");
            }
        }

        return text.ToString();
    }
}
