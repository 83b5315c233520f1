using System.Globalization;

namespace Sophia.Tests.Integrations.HubSpot;

/// <summary>CRM records as a sales team would have them: a company, its contacts, and deals on both.</summary>
public static class HubSpotSeed
{
    public static HubSpotCrmRecord Company(this HubSpotCrmData data, string name, string domain) =>
        data.Add("companies", new() { ["name"] = name, ["domain"] = domain, ["industry"] = "MACHINERY", ["city"] = "Stuttgart" });

    public static HubSpotCrmRecord Contact(this HubSpotCrmData data, string first, string last, HubSpotCrmRecord? company = null)
    {
        var contact = data.Add("contacts", new() { ["firstname"] = first, ["lastname"] = last, ["email"] = $"{first}.{last}@example.com".ToLowerInvariant() });
        if (company is not null)
        {
            data.Associate(contact, company);
        }

        return contact;
    }

    public static HubSpotCrmRecord Deal(this HubSpotCrmData data, string name, HubSpotCrmRecord? company = null, HubSpotCrmRecord? contact = null, DateTimeOffset? at = null)
    {
        var deal = data.Add("deals", new()
        {
            ["dealname"] = name, ["dealstage"] = "contractsent", ["pipeline"] = "default", ["amount"] = "12500",
            ["closedate"] = "2026-03-31T00:00:00.000Z",
        }, at);
        foreach (var other in new[] { company, contact }.OfType<HubSpotCrmRecord>())
        {
            data.Associate(deal, other);
        }

        return deal;
    }

    /// <summary><paramref name="count"/> deals named "Deal 1", "Deal 2", … on one company and contact.</summary>
    public static List<HubSpotCrmRecord> Deals(this HubSpotCrmData data, int count, HubSpotCrmRecord? company = null, HubSpotCrmRecord? contact = null, DateTimeOffset? at = null) =>
        [.. Enumerable.Range(1, count).Select(i => data.Deal($"Deal {i.ToString(CultureInfo.InvariantCulture)}", company, contact, at))];
}
