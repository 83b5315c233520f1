using System.Globalization;
using System.Text.Json.Nodes;

namespace Sophia.Integrations.HubSpot;

/// <summary>The HubSpot account the connection reads (its portal id and app domain), which every record's page URL names.</summary>
internal sealed record HubSpotPortal(long Id, string UiDomain)
{
    private const string StateKey = "portal";

    /// <summary>The record's page in HubSpot, e.g. <c>https://app.hubspot.com/contacts/123/record/0-3/456</c> for a deal.</summary>
    public string Url(HubSpotObjectType type, string id) =>
        $"https://{UiDomain}/contacts/{Id.ToString(CultureInfo.InvariantCulture)}/record/{type.TypeId}/{Uri.EscapeDataString(id)}";

    /// <summary>The account from <c>GET /account-info/v3/details</c>, asked once and kept in the state.</summary>
    public static async Task<HubSpotPortal> GetAsync(HubSpotClient client, CancellationToken cancellationToken)
    {
        if (client.Session.State[StateKey] is JsonObject known && known["id"]?.GetValue<long>() is { } id)
        {
            return new HubSpotPortal(id, known["uiDomain"]?.GetValue<string>() ?? "app.hubspot.com");
        }

        var details = await client.GetAsync("account-info/v3/details", "reading the account's details", cancellationToken);
        var portal = new HubSpotPortal(
            details["portalId"]?.GetValue<long>() ?? throw new InvalidOperationException("HubSpot's account details have no portalId."),
            details["uiDomain"]?.GetValue<string>() is { Length: > 0 } domain ? domain : "app.hubspot.com");
        client.Session.State[StateKey] = new JsonObject { ["id"] = portal.Id, ["uiDomain"] = portal.UiDomain };
        await client.Session.SaveStateAsync();
        return portal;
    }
}
