using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using static Sophia.Integrations.Providers.ToolSchema;

namespace Sophia.Integrations.HubSpot;

/// <summary>The tools a HubSpot integration offers agents: a search of one object type and one record read with its associations.</summary>
internal static class HubSpotTools
{
    public const string Search = "hubspot_search";
    public const string Get = "hubspot_get";
    private const int DefaultLimit = 10;
    private const int MaxLimit = 50;

    public static IReadOnlyList<IntegrationToolSpec> For(string integration) =>
    [
        new(Search, integration, "Searches HubSpot CRM records of one type (contacts, companies, deals, tickets or notes) for words in their main properties; returns numbered records with their HubSpot URLs and key properties.",
            Schema(["objectType", "query"], ObjectType, ("query", Text("words to find, e.g. a company name, an email or a deal's name")),
                ("limit", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = MaxLimit, ["description"] = $"how many records (default {DefaultLimit})" })), Risky: false),
        new(Get, integration, "Reads one HubSpot CRM record by its id: its properties, the records it is associated with, and its HubSpot URL.",
            Schema(["objectType", "id"], ObjectType, ("id", Text("the record's id, as hubspot_search shows it"))), Risky: false),
    ];

    public static async Task<string> SearchAsync(HubSpotClient client, JsonObject arguments, CancellationToken cancellationToken)
    {
        var type = TypeOf(arguments);
        var query = Argument(arguments, "query");
        var limit = arguments["limit"] is JsonValue value && value.TryGetValue<int>(out var n) ? n : DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw new IntegrationRefusedException($"'limit' must be between 1 and {MaxLimit}.");
        }

        var portal = await HubSpotPortal.GetAsync(client, cancellationToken);
        var page = await client.SearchAsync(type, new JsonObject
        {
            ["query"] = query,
            ["properties"] = new JsonArray([.. type.Read.Select(p => JsonValue.Create(p))]),
            ["limit"] = limit,
        }, cancellationToken);
        var records = (page["results"]?.AsArray() ?? []).Select(r => HubSpotRecord.Parse(type, r!)).ToList();
        if (records.Count == 0)
        {
            return $"HubSpot has no {type.Name} matching '{query}'.";
        }

        var associated = type == HubSpotObjectType.Notes ? await HubSpotAssociations.ReadAsync(client, type, records.Select(r => r.Id).ToList(), cancellationToken) : [];
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"HubSpot {type.Name} matching '{query}' ({page["total"]?.GetValue<int>() ?? records.Count} in all):");
        foreach (var (record, index) in records.Select((r, i) => (r, i + 1)))
        {
            var url = record.Url(portal, associated.GetValueOrDefault(record.Id) ?? []);
            text.AppendLine(CultureInfo.InvariantCulture, $"[{index}] {record.Title} (id {record.Id}) — {url}");
            if (string.Join("; ", record.PropertyLines()) is { Length: > 0 } properties)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {properties}");
            }
        }

        return text.AppendLine().Append("Cite a record you use as [n] with its URL.").ToString();
    }

    public static async Task<string> GetAsync(HubSpotClient client, JsonObject arguments, CancellationToken cancellationToken)
    {
        var type = TypeOf(arguments);
        var id = Argument(arguments, "id");
        if (!id.All(char.IsAsciiDigit))
        {
            throw new IntegrationRefusedException("'id' must be the record's numeric HubSpot id.");
        }

        var portal = await HubSpotPortal.GetAsync(client, cancellationToken);
        var result = await client.GetAsync($"crm/v3/objects/{type.Name}/{id}?properties={string.Join(',', type.Read)}", $"reading {type.DocumentType} {id}", cancellationToken);
        var record = HubSpotRecord.Parse(type, result);
        var associated = (await HubSpotAssociations.ReadAsync(client, type, [record.Id], cancellationToken))[record.Id];
        return $"# {record.Title} (HubSpot {type.DocumentType} {record.Id})\n\n{record.Url(portal, associated)} · modified {record.UpdatedAt:yyyy-MM-dd HH:mm} UTC\n\n{record.Markdown(portal, associated)}";
    }

    private static HubSpotObjectType TypeOf(JsonObject arguments) =>
        HubSpotObjectType.Find(arguments["objectType"]?.ToString())
        ?? throw new IntegrationRefusedException($"'objectType' must be one of {string.Join(", ", HubSpotObjectType.All.Select(t => t.Name))}.");

    private static string Argument(JsonObject arguments, string name) =>
        arguments[name] is JsonValue value && value.ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : throw new IntegrationRefusedException($"'{name}' is missing.");

    private static (string, JsonObject) ObjectType => ("objectType", new JsonObject
    {
        ["type"] = "string",
        ["enum"] = new JsonArray([.. HubSpotObjectType.All.Select(t => JsonValue.Create(t.Name))]),
        ["description"] = "the kind of CRM record",
    });
}
