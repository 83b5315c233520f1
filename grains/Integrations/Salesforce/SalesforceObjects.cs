using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sophia.Integrations.Salesforce;

/// <summary>One kind of record the sync brings into memory: its fields, how its title reads, and which fields its text shows.</summary>
internal sealed record SalesforceObject(string Type, string[] Fields, Func<JsonObject, string> Title)
{
    public static readonly IReadOnlyList<SalesforceObject> Synced =
    [
        new("Account", ["Id", "Name", "Type", "Industry", "Website", "Phone", "BillingCity", "BillingCountry", "Description", "SystemModstamp"],
            r => Field(r, "Name") ?? Field(r, "Id")!),
        new("Contact", ["Id", "Name", "Title", "Email", "Phone", "Account.Name", "Description", "SystemModstamp"],
            r => Field(r, "Name") ?? Field(r, "Id")!),
        new("Opportunity", ["Id", "Name", "StageName", "Amount", "CloseDate", "Probability", "Account.Name", "Description", "SystemModstamp"],
            r => Field(r, "Name") ?? Field(r, "Id")!),
        new("Case", ["Id", "CaseNumber", "Subject", "Status", "Priority", "Origin", "Account.Name", "Contact.Name", "Description", "SystemModstamp"],
            r => $"Case {Field(r, "CaseNumber")}: {Field(r, "Subject") ?? "(no subject)"}"),
    ];

    public string FieldList => string.Join(", ", Fields);

    /// <summary>The record's text: each field that has a value, the description last.</summary>
    public string Markdown(JsonObject record)
    {
        var text = new StringBuilder();
        foreach (var field in Fields.Where(f => f is not ("Id" or "Name" or "Description" or "SystemModstamp")))
        {
            if (Field(record, field) is { } value)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {field}: {value}");
            }
        }

        if (Field(record, "Description") is { } description)
        {
            text.AppendLine().AppendLine(description);
        }

        return text.ToString();
    }

    /// <summary>A field's value as text, following a relationship (<c>Account.Name</c>); null when empty.</summary>
    public static string? Field(JsonObject record, string path)
    {
        JsonNode? node = record;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject parent ? parent[part] : null;
        }

        var text = node switch
        {
            null => null,
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            JsonValue value => value.ToJsonString(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    /// <summary>The record's page in Lightning Experience.</summary>
    public static string RecordUrl(string instanceUrl, string type, string id) =>
        $"{instanceUrl.TrimEnd('/')}/lightning/r/{Uri.EscapeDataString(type)}/{Uri.EscapeDataString(id)}/view";
}
