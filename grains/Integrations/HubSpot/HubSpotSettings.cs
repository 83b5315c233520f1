using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.HubSpot;

/// <summary>
/// A HubSpot connection's settings: the API root and either a private app's access token (a secret) or a public app's
/// OAuth client (id, secret, scopes and the authorization page the admin consents on).
/// </summary>
public sealed record HubSpotSettings(Uri BaseUrl, string? ClientId, Uri AuthorizeUrl, string Scopes)
{
    public const string AccessTokenSecret = "accessToken";
    public const string ClientSecretSecret = "clientSecret";
    public const string DefaultScopes = "oauth crm.objects.contacts.read crm.objects.companies.read crm.objects.deals.read tickets";
    public static readonly Uri DefaultBaseUrl = new("https://api.hubapi.com/");
    public static readonly Uri DefaultAuthorizeUrl = new("https://app.hubspot.com/oauth/authorize");

    public bool IsOAuth => ClientId is not null;

    /// <summary>Splits an admin's PUT body into settings and secrets, refusing what is malformed with the field's name.</summary>
    public static IntegrationSettings Parse(JsonObject body)
    {
        var baseUrl = Url(body, "baseUrl", DefaultBaseUrl, "HubSpot's API root, e.g. https://api.hubapi.com");
        var settings = new JsonObject { ["baseUrl"] = baseUrl.ToString() };
        var accessToken = Text(body, AccessTokenSecret);
        var clientId = Text(body, "clientId");
        if (accessToken is not null && clientId is not null)
        {
            throw new IntegrationRefusedException("Send either 'accessToken' (a private app) or 'clientId' and 'clientSecret' (an OAuth app), not both.");
        }

        if (accessToken is not null)
        {
            return new IntegrationSettings(settings, new Dictionary<string, string> { [AccessTokenSecret] = accessToken });
        }

        if (clientId is null)
        {
            throw new IntegrationRefusedException("'accessToken' is missing: send a private app's access token, or 'clientId' and 'clientSecret' of an OAuth app.");
        }

        var clientSecret = Text(body, ClientSecretSecret)
            ?? throw new IntegrationRefusedException("'clientSecret' is missing: send the OAuth app's client secret (shown with its client id on the app's Auth page).");
        settings["clientId"] = clientId;
        settings["authorizeUrl"] = Url(body, "authorizeUrl", DefaultAuthorizeUrl, "HubSpot's authorization page, e.g. https://app.hubspot.com/oauth/authorize").ToString();
        settings["scopes"] = ParseScopes(body["scopes"]);
        return new IntegrationSettings(settings, new Dictionary<string, string> { [ClientSecretSecret] = clientSecret });
    }

    /// <summary>Reads the settings <see cref="Parse"/> kept.</summary>
    public static HubSpotSettings From(JsonObject settings) => new(
        new Uri(settings["baseUrl"]!.GetValue<string>()),
        settings["clientId"]?.GetValue<string>(),
        settings["authorizeUrl"]?.GetValue<string>() is { } authorize ? new Uri(authorize) : DefaultAuthorizeUrl,
        settings["scopes"]?.GetValue<string>() ?? DefaultScopes);

    private static string ParseScopes(JsonNode? node) => node switch
    {
        null => DefaultScopes,
        JsonValue value when value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) => string.Join(' ', text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)),
        JsonArray array when array.Count > 0 && array.All(s => s is JsonValue v && v.TryGetValue<string>(out var t) && !string.IsNullOrWhiteSpace(t)) =>
            string.Join(' ', array.Select(s => s!.GetValue<string>().Trim())),
        _ => throw new IntegrationRefusedException("'scopes' must be a space-separated string or an array of HubSpot scopes, e.g. [\"oauth\", \"crm.objects.deals.read\"]."),
    };

    private static Uri Url(JsonObject body, string field, Uri fallback, string example)
    {
        if (Text(body, field) is not { } text)
        {
            return fallback;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new IntegrationRefusedException($"'{field}' must be an http(s) URL without a query: {example}.");
        }

        return field == "baseUrl" && !url.AbsolutePath.EndsWith('/') ? new Uri(url + "/") : url;
    }

    private static string? Text(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
        _ => throw new IntegrationRefusedException($"'{field}' must be a string."),
    };
}
