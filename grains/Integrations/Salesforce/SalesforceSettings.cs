using System.Text.Json;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Salesforce;

/// <summary>
/// A Salesforce connection's settings: the login host of the org (production, sandbox or My Domain), the External Client
/// App's consumer key and secret, and optionally a refresh token obtained elsewhere, which skips the consent page.
/// </summary>
public sealed record SalesforceSettings(Uri LoginUrl, string ClientId)
{
    public const string ClientSecretSecret = "clientSecret";
    public const string RefreshTokenSecret = "refreshToken";
    public static readonly Uri DefaultLoginUrl = new("https://login.salesforce.com");

    /// <summary>The REST API version every call names.</summary>
    public const string ApiVersion = "v62.0";

    public string TokenEndpoint => $"{LoginUrl.AbsoluteUri.TrimEnd('/')}/services/oauth2/token";

    public string AuthorizeEndpoint => $"{LoginUrl.AbsoluteUri.TrimEnd('/')}/services/oauth2/authorize";

    public static IntegrationSettings Parse(JsonObject body)
    {
        var loginUrl = ParseLoginUrl(Text(body, "loginUrl"));
        var clientId = Text(body, "clientId")
            ?? throw new IntegrationRefusedException("'clientId' is missing: send the consumer key of the External Client App (Setup → External Client App Manager → OAuth settings).");
        var clientSecret = Text(body, ClientSecretSecret)
            ?? throw new IntegrationRefusedException("'clientSecret' is missing: send the consumer secret of the External Client App.");
        var secrets = new Dictionary<string, string> { [ClientSecretSecret] = clientSecret };
        if (Text(body, RefreshTokenSecret) is { } refreshToken)
        {
            secrets[RefreshTokenSecret] = refreshToken;
        }

        var known = new HashSet<string>(["loginUrl", "clientId", ClientSecretSecret, RefreshTokenSecret], StringComparer.Ordinal);
        if (body.Select(p => p.Key).FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new IntegrationRefusedException($"'{unknown}' is not a Salesforce setting; send loginUrl, clientId, clientSecret and optionally refreshToken.");
        }

        var settings = new JsonObject { ["loginUrl"] = loginUrl.AbsoluteUri.TrimEnd('/'), ["clientId"] = clientId };
        return new IntegrationSettings(settings, secrets);
    }

    public static SalesforceSettings From(JsonObject settings) =>
        new(new Uri(settings["loginUrl"]!.GetValue<string>()), settings["clientId"]!.GetValue<string>());

    private static Uri ParseLoginUrl(string? text)
    {
        if (text is null)
        {
            return DefaultLoginUrl;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || url.AbsolutePath.Trim('/').Length > 0)
        {
            throw new IntegrationRefusedException("'loginUrl' must be the org's login host, e.g. https://login.salesforce.com, https://test.salesforce.com or https://acme.my.salesforce.com.");
        }

        return url;
    }

    private static string? Text(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>() is var text && string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
        _ => throw new IntegrationRefusedException($"'{field}' must be a string."),
    };
}
