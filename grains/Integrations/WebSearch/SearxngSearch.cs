using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Sophia.Integrations.WebSearch;

/// <summary>
/// A SearXNG instance's search API: <c>GET /search?q=…&amp;format=json</c>, answering <c>results[]</c> with
/// <c>url</c>, <c>title</c> and <c>content</c>. An instance answers 403 when its <c>search.formats</c> setting leaves
/// JSON out (the default leaves only HTML in).
/// </summary>
public static class SearxngSearch
{
    public static async Task<WebSearchAnswer> SearchAsync(HttpClient http, WebSearchSettings settings, string query, int count, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, settings.Under("search", $"q={Uri.EscapeDataString(query)}&format=json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (settings.ApiKey is { } key)
        {
            if (settings.ApiKeyHeader is { } header)
            {
                request.Headers.TryAddWithoutValidation(header, key);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new IntegrationRefusedException(Failure(settings, response.StatusCode, response.ReasonPhrase));
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            throw new IntegrationRefusedException($"{Name(settings)} did not answer JSON; check that baseUrl is the instance's address.");
        }

        var hits = new List<WebSearchHit>();
        if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            foreach (var result in results.EnumerateArray())
            {
                if (hits.Count < count && Text(result, "url") is { Length: > 0 } url)
                {
                    hits.Add(new WebSearchHit(WebSearchText.Plain(Text(result, "title") ?? url), url, WebSearchText.Plain(Text(result, "content"))));
                }
            }
        }

        return new WebSearchAnswer(hits, hits.Count == 0 ? Unresponsive(root) : null);
    }

    private static string Failure(WebSearchSettings settings, HttpStatusCode status, string? reason) => status switch
    {
        HttpStatusCode.Forbidden when settings.ApiKey is null =>
            $"{Name(settings)} answered 403 Forbidden: its JSON format is disabled. Add json to search.formats in the instance's settings.yml.",
        HttpStatusCode.Forbidden =>
            $"{Name(settings)} answered 403 Forbidden: either its JSON format is disabled (add json to search.formats in its settings.yml) or it refused the API key.",
        HttpStatusCode.Unauthorized => $"{Name(settings)} answered 401 Unauthorized: it wants an API key; check apiKey and apiKeyHeader.",
        HttpStatusCode.TooManyRequests => $"{Name(settings)} answered 429 Too Many Requests: its limiter took Sophia's searches for a bot; exempt Sophia's address in its limiter settings or search less often.",
        _ => $"{Name(settings)} answered HTTP {(int)status} {reason}.",
    };

    private static string? Unresponsive(JsonElement root)
    {
        if (!root.TryGetProperty("unresponsive_engines", out var engines) || engines.ValueKind != JsonValueKind.Array || engines.GetArrayLength() == 0)
        {
            return null;
        }

        var names = engines.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0 ? $"{e[0]} ({(e.GetArrayLength() > 1 ? e[1] : "")})" : e.ToString());
        return $"Engines that did not answer: {string.Join(", ", names)}.";
    }

    private static string Name(WebSearchSettings settings) => $"The SearXNG instance at {settings.BaseUrl}";

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
