using System.Text.Json.Nodes;

namespace Sophia.Integrations.WebSearch;

/// <summary>
/// Which search API a tenant uses and where: <c>searxng</c> (a SearXNG instance's JSON API, no key unless a proxy in
/// front of it asks for one) or <c>brave</c> (the Brave Search API, with its subscription token).
/// </summary>
public sealed record WebSearchSettings(string Provider, Uri BaseUrl, string? ApiKey, string? ApiKeyHeader)
{
    public const string Searxng = "searxng";
    public const string Brave = "brave";
    public const string ApiKeySecret = "apiKey";
    public static readonly Uri BraveBaseUrl = new("https://api.search.brave.com");

    public string DisplayName => Provider == Brave ? "Brave Search" : $"the SearXNG instance at {BaseUrl}";

    /// <summary>Reads the admin's PUT body; throws <see cref="IntegrationRefusedException"/> naming the field to fix.</summary>
    public static WebSearchSettings Parse(JsonObject body)
    {
        var provider = Text(body, "provider")?.ToLowerInvariant()
            ?? throw new IntegrationRefusedException("provider is required: \"searxng\" or \"brave\".");
        if (provider is not (Searxng or Brave))
        {
            throw new IntegrationRefusedException($"provider '{provider}' is not supported: use \"searxng\" or \"brave\".");
        }

        var apiKey = Text(body, "apiKey");
        var apiKeyHeader = Text(body, "apiKeyHeader");
        var baseUrl = Text(body, "baseUrl") switch
        {
            null when provider == Brave => BraveBaseUrl,
            null => throw new IntegrationRefusedException("baseUrl is required for SearXNG: the address of the instance, e.g. \"https://search.example.com\"."),
            var url when Uri.TryCreate(url.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.Query) => uri,
            var url => throw new IntegrationRefusedException($"baseUrl '{url}' is not an absolute http or https URL without a query."),
        };

        if (provider == Brave && apiKey is null)
        {
            throw new IntegrationRefusedException("apiKey is required for Brave Search: the subscription token from the Brave Search API dashboard.");
        }

        if (apiKeyHeader is not null && (provider == Brave || !IsHeaderName(apiKeyHeader)))
        {
            throw new IntegrationRefusedException(provider == Brave
                ? "apiKeyHeader applies to SearXNG only: Brave Search takes its key in X-Subscription-Token."
                : $"apiKeyHeader '{apiKeyHeader}' is not an HTTP header name.");
        }

        return new WebSearchSettings(provider, baseUrl, apiKey, apiKeyHeader);
    }

    /// <summary>The settings as the grain keeps them: everything but the key in the clear, the key as a secret.</summary>
    public Providers.IntegrationSettings ToIntegrationSettings()
    {
        var settings = new JsonObject { ["provider"] = Provider, ["baseUrl"] = BaseUrl.ToString().TrimEnd('/') };
        if (ApiKeyHeader is not null)
        {
            settings["apiKeyHeader"] = ApiKeyHeader;
        }

        var secrets = ApiKey is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [ApiKeySecret] = ApiKey };
        return new Providers.IntegrationSettings(settings, secrets);
    }

    public static WebSearchSettings From(Providers.IntegrationSession session)
    {
        var provider = Text(session.Settings, "provider") ?? Brave;
        var baseUrl = Text(session.Settings, "baseUrl") is { } url ? new Uri(url) : BraveBaseUrl;
        session.Secrets.TryGetValue(ApiKeySecret, out var apiKey);
        return new WebSearchSettings(provider, baseUrl, apiKey, Text(session.Settings, "apiKeyHeader"));
    }

    /// <summary>An address under the base URL, keeping a path prefix the instance may sit under.</summary>
    public Uri Under(string path, string query) => new($"{BaseUrl.ToString().TrimEnd('/')}/{path}?{query}");

    private static string? Text(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
        _ => throw new IntegrationRefusedException($"{field} must be a string."),
    };

    private static bool IsHeaderName(string name) => name.All(c => c is > ' ' and < '\u007f' && !"()<>@,;:\\\"/[]?={}".Contains(c));
}
