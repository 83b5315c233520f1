using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Gong;

/// <summary>
/// A Gong connection's settings: the company's API base URL (each account has its own, e.g. <c>https://us-12345.api.gong.io</c>),
/// the day's call limit Gong set for the account, and the access key pair, kept as secrets.
/// </summary>
public sealed record GongSettings(Uri BaseUrl, int CallsPerDay)
{
    public const string AccessKeyField = "accessKey";
    public const string KeySecretField = "accessKeySecret";

    /// <summary>Gong's documented default: 10,000 API calls a day (support can change it for an account).</summary>
    public const int DefaultCallsPerDay = 10_000;

    public static readonly Uri DefaultBaseUrl = new("https://api.gong.io/");

    /// <summary>Splits an admin's PUT body into settings and secrets, refusing what is missing or malformed with the field's name.</summary>
    public static IntegrationSettings Parse(JsonObject body)
    {
        var baseUrl = ParseBaseUrl(Text(body, "baseUrl"));
        var callsPerDay = ParseCallsPerDay(body["callsPerDay"]);
        var accessKey = Text(body, AccessKeyField)
            ?? throw new IntegrationRefusedException("'accessKey' is missing: send the Access Key shown on Gong's API page (Company settings, Ecosystem, API).");
        var accessKeySecret = Text(body, KeySecretField)
            ?? throw new IntegrationRefusedException("'accessKeySecret' is missing: send the Access Key Secret Gong showed when the key was created.");
        if (accessKey.Contains(':', StringComparison.Ordinal))
        {
            throw new IntegrationRefusedException("'accessKey' holds a ':', which Basic authentication cannot carry: send the Access Key alone.");
        }

        var settings = new JsonObject
        {
            ["baseUrl"] = baseUrl.ToString(),
            ["callsPerDay"] = callsPerDay,
        };
        return new IntegrationSettings(settings, new Dictionary<string, string>
        {
            [AccessKeyField] = accessKey,
            [KeySecretField] = accessKeySecret,
        });
    }

    /// <summary>Reads the settings <see cref="Parse"/> kept.</summary>
    public static GongSettings From(JsonObject settings) => new(
        new Uri(settings["baseUrl"]!.GetValue<string>()),
        settings["callsPerDay"]?.GetValue<int>() ?? DefaultCallsPerDay);

    private static Uri ParseBaseUrl(string? text)
    {
        if (text is null)
        {
            return DefaultBaseUrl;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            throw new IntegrationRefusedException("'baseUrl' must be the http(s) base URL Gong shows on its API page, e.g. https://api.gong.io or https://us-12345.api.gong.io.");
        }

        // The API's paths start at /v2; a base copied with it is taken as meant.
        var path = url.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v2", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^3];
        }

        return new UriBuilder(url) { Path = path + "/" }.Uri;
    }

    private static int ParseCallsPerDay(JsonNode? node)
    {
        if (node is null)
        {
            return DefaultCallsPerDay;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && int.TryParse(value.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit
            : throw new IntegrationRefusedException("'callsPerDay' must be a positive whole number: the API calls a day Gong allows the account (10,000 unless Gong changed it).");
    }

    private static string? Text(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
        _ => throw new IntegrationRefusedException($"'{field}' must be a string."),
    };
}
