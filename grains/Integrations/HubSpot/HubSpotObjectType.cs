using System.Text.Json.Nodes;

namespace Sophia.Integrations.HubSpot;

/// <summary>
/// A CRM object type Sophia reads: its name in the API's paths, its type id in record URLs, the property its last change
/// is kept in (contacts keep it in <c>lastmodifieddate</c>, the others in <c>hs_lastmodifieddate</c>), the properties
/// worth reading and the types whose associated records a document names.
/// </summary>
internal sealed record HubSpotObjectType(string Name, string TypeId, string DocumentType, string ModifiedProperty, string[] Properties, string[] Associated)
{
    public static readonly HubSpotObjectType Contacts = new("contacts", "0-1", "contact", "lastmodifieddate",
        ["firstname", "lastname", "email", "phone", "company", "jobtitle", "lifecyclestage"], ["companies"]);

    public static readonly HubSpotObjectType Companies = new("companies", "0-2", "company", "hs_lastmodifieddate",
        ["name", "domain", "industry", "city", "country", "lifecyclestage", "numberofemployees", "annualrevenue"], ["contacts"]);

    public static readonly HubSpotObjectType Deals = new("deals", "0-3", "deal", "hs_lastmodifieddate",
        ["dealname", "dealstage", "pipeline", "amount", "closedate", "hubspot_owner_id", "description"], ["companies", "contacts"]);

    public static readonly HubSpotObjectType Tickets = new("tickets", "0-5", "ticket", "hs_lastmodifieddate",
        ["subject", "content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_priority"], ["companies", "contacts"]);

    public static readonly HubSpotObjectType Notes = new("notes", "0-46", "note", "hs_lastmodifieddate",
        ["hs_note_body", "hs_timestamp"], ["contacts", "companies", "deals"]);

    /// <summary>In the order a sync reads them: the records notes and deals name come first.</summary>
    public static readonly IReadOnlyList<HubSpotObjectType> All = [Companies, Contacts, Deals, Tickets, Notes];

    /// <summary>The properties asked for: the useful ones, the title's and the last change's.</summary>
    public string[] Read => [.. Properties, ModifiedProperty];

    public static HubSpotObjectType? Find(string? name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(t.DocumentType, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>What a person calls the record: a deal's name, a contact's full name, a ticket's subject.</summary>
    public string Title(string id, JsonObject properties)
    {
        string? Get(string name) => properties[name]?.GetValue<string>() is { Length: > 0 } value ? value.Trim() : null;
        var title = Name switch
        {
            "contacts" => string.Join(' ', new[] { Get("firstname"), Get("lastname") }.Where(p => p is not null)) is { Length: > 0 } full ? full : Get("email"),
            "companies" => Get("name") ?? Get("domain"),
            "deals" => Get("dealname"),
            "tickets" => Get("subject"),
            _ => Get("hs_note_body") is { } body ? Shorten(HubSpotText.PlainText(body), 80) : null,
        };
        return title ?? $"{char.ToUpperInvariant(DocumentType[0])}{DocumentType[1..]} {id}";
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : $"{text[..length].TrimEnd()}…";
}
