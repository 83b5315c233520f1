using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Salesforce;

/// <summary>The read-only tools a Salesforce integration offers agents: one SOQL query, and one record by type and id.</summary>
internal static partial class SalesforceTools
{
    public const string Soql = "salesforce_soql";
    public const string Get = "salesforce_get";
    private const int MaxValueCharacters = 2_000;

    public static IReadOnlyList<IntegrationToolSpec> For(string integration) =>
    [
        new(Soql, integration,
            $"Runs one read-only SOQL SELECT against the connected Salesforce org (e.g. SELECT Id, Name, StageName, Amount FROM Opportunity WHERE IsClosed = false ORDER BY CloseDate). Returns at most {SoqlGuard.MaxRows} numbered rows, each with its record URL.",
            ToolSchema.Schema(["query"], ("query", ToolSchema.Text("one SOQL SELECT statement; no ';', no DML"))), Risky: false),
        new(Get, integration,
            "Reads one Salesforce record with all its fields, and its URL.",
            ToolSchema.Schema(["objectType", "id"], ("objectType", ToolSchema.Text("the object's API name, e.g. Account, Contact, Opportunity, Case or a custom object like Invoice__c")), ("id", ToolSchema.Text("the record's 15- or 18-character id"))), Risky: false),
    ];

    public static async Task<string> SoqlAsync(SalesforceApi api, JsonObject arguments, CancellationToken cancellationToken)
    {
        var query = SoqlGuard.Checked(Soql, Text(arguments, Soql, "query"));
        var answer = await api.GetAsync($"{SalesforceApi.DataPath}/query?q={Uri.EscapeDataString(query)}", "running the SOQL query", cancellationToken);
        var instance = await api.InstanceUrlAsync(cancellationToken);
        var records = answer["records"]?.AsArray() ?? [];
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{answer["totalSize"]?.GetValue<int>() ?? records.Count} row(s) for: {query}");
        var n = 0;
        foreach (var record in records.OfType<JsonObject>().Take(SoqlGuard.MaxRows))
        {
            n++;
            var type = record["attributes"]?["type"]?.GetValue<string>();
            var id = record["Id"]?.GetValue<string>();
            text.Append(CultureInfo.InvariantCulture, $"[{n}] {type} {id}");
            text.AppendLine(type is not null && id is not null ? $" — {SalesforceObject.RecordUrl(instance, type, id)}" : "");
            AppendFields(text, record, "");
        }

        return text.ToString().TrimEnd();
    }

    public static async Task<string> GetAsync(SalesforceApi api, JsonObject arguments, CancellationToken cancellationToken)
    {
        var type = Text(arguments, Get, "objectType").Trim();
        var id = Text(arguments, Get, "id").Trim();
        if (!ObjectName().IsMatch(type))
        {
            throw new IntegrationRefusedException($"{Get}: 'objectType' must be an object's API name such as Account or Invoice__c, not '{type}'.");
        }

        if (!RecordId().IsMatch(id))
        {
            throw new IntegrationRefusedException($"{Get}: 'id' must be a record id of 15 or 18 letters and digits, not '{id}'.");
        }

        var record = await api.GetAsync($"{SalesforceApi.DataPath}/sobjects/{type}/{id}", $"reading {type} {id}", cancellationToken);
        var url = SalesforceObject.RecordUrl(await api.InstanceUrlAsync(cancellationToken), type, id);
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"[1] {type} {id} — {url}");
        AppendFields(text, record.AsObject(), "");
        return text.ToString().TrimEnd();
    }

    private static void AppendFields(StringBuilder text, JsonObject record, string prefix)
    {
        foreach (var (name, value) in record)
        {
            switch (value)
            {
                case null when prefix.Length == 0:
                    break;
                case JsonObject related when name != "attributes":
                    AppendFields(text, related, $"{prefix}{name}.");
                    break;
                case JsonValue field:
                    var shown = field.TryGetValue<string>(out var s) ? s : field.ToJsonString();
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {prefix}{name}: {(shown.Length <= MaxValueCharacters ? shown : shown[..MaxValueCharacters] + " …")}");
                    break;
            }
        }
    }

    private static string Text(JsonObject arguments, string tool, string name) => arguments[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) => text,
        null => throw new IntegrationRefusedException($"{tool}: '{name}' is required."),
        _ => throw new IntegrationRefusedException($"{tool}: '{name}' must be a non-empty string."),
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,79}$")]
    private static partial Regex ObjectName();

    [GeneratedRegex("^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$")]
    private static partial Regex RecordId();
}
