using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.WebSearch;

/// <summary>
/// The Brave Search API: <c>GET /res/v1/web/search?q=…&amp;count=…</c> with the key in <c>X-Subscription-Token</c>,
/// answering <c>web.results[]</c> with <c>url</c>, <c>title</c> and <c>description</c>; errors come as an
/// <c>ErrorResponse</c> whose <c>error</c> has a <c>code</c> and a <c>detail</c>.
/// </summary>
public static class BraveSearch
{
    /// <summary>Brave's documented limits on <c>q</c>.</summary>
    public const int MaxQueryCharacters = 400;
    public const int MaxQueryWords = 50;

    public static async Task<WebSearchAnswer> SearchAsync(IntegrationSession session, WebSearchSettings settings, string query, int count, CancellationToken cancellationToken)
    {
        var uri = settings.Under("res/v1/web/search", $"q={Uri.EscapeDataString(query)}&count={count}&text_decorations=false");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("X-Subscription-Token", settings.ApiKey);

        using var response = await session.Http.SendAsync(request, cancellationToken);
        ReportBudget(session, response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new IntegrationRefusedException(Failure(response, body));
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            throw new IntegrationRefusedException($"Brave Search at {settings.BaseUrl} did not answer JSON; check baseUrl.");
        }

        var hits = new List<WebSearchHit>();
        if (root.TryGetProperty("web", out var web) && web.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
        {
            foreach (var result in results.EnumerateArray())
            {
                if (hits.Count < count && Text(result, "url") is { Length: > 0 } url)
                {
                    hits.Add(new WebSearchHit(WebSearchText.Plain(Text(result, "title") ?? url), url, WebSearchText.Plain(Text(result, "description"))));
                }
            }
        }

        return new WebSearchAnswer(hits, null);
    }

    private static string Failure(HttpResponseMessage response, string body)
    {
        var (code, detail) = ErrorOf(body);
        var said = code is null ? $"HTTP {(int)response.StatusCode}" : $"HTTP {(int)response.StatusCode} {code}";
        said += detail is null ? "" : $": {detail}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => KeyRefused(said),
            HttpStatusCode.UnprocessableEntity when code is not null && (code.Contains("TOKEN", StringComparison.Ordinal) || code.Contains("SUBSCRIPTION", StringComparison.Ordinal)) => KeyRefused(said),
            HttpStatusCode.UnprocessableEntity => $"Brave Search refused the request ({said}).",
            HttpStatusCode.TooManyRequests => $"Brave Search's rate limit for this plan was reached ({said})." +
                (FirstReset(response) is { } seconds ? $" It allows another request in {seconds} s." : ""),
            _ => $"Brave Search answered {said}{(code is null ? $" {response.ReasonPhrase}" : "")}.",
        };
    }

    private static string KeyRefused(string said) =>
        $"Brave Search refused the API key ({said}). Put a valid subscription token from the Brave Search API dashboard in apiKey.";

    private static (string? Code, string? Detail) ErrorOf(string body)
    {
        try
        {
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
            return (Text(error, "code"), Text(error, "detail"));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// <c>X-RateLimit-Remaining: 1, 1000</c> and <c>X-RateLimit-Reset: 1, 1419704</c> give the per-second and the
    /// monthly budget; the monthly one is what runs out.
    /// </summary>
    private static void ReportBudget(IntegrationSession session, HttpResponseMessage response)
    {
        var remaining = Values(response, "X-RateLimit-Remaining");
        var reset = Values(response, "X-RateLimit-Reset");
        if (remaining.Count > 0)
        {
            DateTimeOffset? resetsAt = reset.Count > 0 ? session.Time.GetUtcNow().AddSeconds(reset[^1]) : null;
            session.ReportRateBudget(remaining[^1], resetsAt);
        }
    }

    private static long? FirstReset(HttpResponseMessage response) => Values(response, "X-RateLimit-Reset") is { Count: > 0 } reset ? reset[0] : null;

    private static List<long> Values(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
            ? values.SelectMany(v => v.Split(',')).Select(v => long.TryParse(v.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1).Where(n => n >= 0).ToList()
            : [];

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
