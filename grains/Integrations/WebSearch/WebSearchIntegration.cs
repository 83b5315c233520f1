using System.Text;
using System.Text.Json.Nodes;
using Sophia.Agents.Tools;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.WebSearch;

/// <summary>
/// Web research through a search API the tenant chooses (a SearXNG instance or Brave Search): one tool,
/// <c>web_search</c>, answering numbered passages to cite, and optionally the text of the top pages, read through the
/// guarded client.
/// </summary>
public sealed class WebSearchIntegration(IHttpClientFactory http) : IntegrationProvider
{
    public const string ToolName = "web_search";
    public const int DefaultCount = 5;
    public const int MaxCount = 10;
    public const int PagesRead = 3;
    public const int PageCharacters = 3_000;

    /// <summary>
    /// Brave's free plan allows 1 request a second. SearXNG documents no API limit, but its limiter (on for public
    /// instances) takes an address past 15 requests in 20 s or 150 in 10 minutes for a bot; one a second keeps a turn's
    /// burst of searches inside the first window, and a tenant's searches rarely add up to the second.
    /// </summary>
    public override ProviderRateLimit RateLimit { get; } = new(1, TimeSpan.FromSeconds(1));

    public override IntegrationSettings Parse(JsonObject body) => WebSearchSettings.Parse(body).ToIntegrationSettings();

    public override async Task CheckAsync(IntegrationSession session, CancellationToken cancellationToken) =>
        await SearchAsync(session, WebSearchSettings.From(session), "Sophia", 1, cancellationToken);

    public override Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync(IntegrationSession session, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IntegrationToolSpec>>([Spec(session.Integration, WebSearchSettings.From(session))]);

    public override async Task<string> CallAsync(IntegrationSession session, string tool, JsonObject arguments, CancellationToken cancellationToken)
    {
        if (tool != ToolName)
        {
            return $"The web search integration has no tool '{tool}'; it offers {ToolName}.";
        }

        var query = arguments["query"] is JsonValue q && q.TryGetValue<string>(out var text) ? text.Trim() : "";
        if (query.Length == 0)
        {
            return $"{ToolName} needs a query: the words to search the web for.";
        }

        var settings = WebSearchSettings.From(session);
        if (settings.Provider == WebSearchSettings.Brave
            && (query.Length > BraveSearch.MaxQueryCharacters || query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > BraveSearch.MaxQueryWords))
        {
            return $"Brave Search takes queries of at most {BraveSearch.MaxQueryCharacters} characters and {BraveSearch.MaxQueryWords} words; shorten the query.";
        }

        var count = arguments["count"] is JsonValue c && c.TryGetValue<int>(out var n) ? Math.Clamp(n, 1, MaxCount) : DefaultCount;
        var answer = await SearchAsync(session, settings, query, count, cancellationToken);
        var passages = WebSearchText.Passages(query, settings.Provider == WebSearchSettings.Brave ? "Brave Search" : "SearXNG", answer.Hits, answer.Note);
        var read = arguments["read"] is JsonValue r && r.TryGetValue<bool>(out var yes) && yes;
        return read && answer.Hits.Count > 0 ? passages + await ReadTopPagesAsync(answer.Hits, cancellationToken) : passages;
    }

    private static Task<WebSearchAnswer> SearchAsync(IntegrationSession session, WebSearchSettings settings, string query, int count, CancellationToken cancellationToken) =>
        settings.Provider == WebSearchSettings.Brave
            ? BraveSearch.SearchAsync(session, settings, query, count, cancellationToken)
            : SearxngSearch.SearchAsync(session.Http, settings, query, count, cancellationToken);

    private async Task<string> ReadTopPagesAsync(IReadOnlyList<WebSearchHit> hits, CancellationToken cancellationToken)
    {
        var top = hits.Take(PagesRead).ToList();
        var pages = await Task.WhenAll(top.Select(h => WebPage.ReadAsync(http, h.Url, cancellationToken)));
        var text = new StringBuilder("\n\nText of the top results:\n");
        for (var i = 0; i < top.Count; i++)
        {
            var page = pages[i].Length > PageCharacters ? pages[i][..PageCharacters] + " …(cut)" : pages[i];
            text.Append($"\n[{i + 1}] {top[i].Url}\n{page}\n");
        }

        return text.ToString();
    }

    private static IntegrationToolSpec Spec(string integration, WebSearchSettings settings) => new(
        ToolName,
        integration,
        $"Searches the web with {settings.DisplayName} and answers numbered results (title, URL, snippet) to cite as [n] with the URL. " +
        "Set read to true to also get the text of the top pages.",
        InputSchema,
        Risky: false);

    private const string InputSchema = """
        {"type":"object","properties":{
        "query":{"type":"string","description":"What to search the web for."},
        "count":{"type":"integer","minimum":1,"maximum":10,"description":"How many results (default 5)."},
        "read":{"type":"boolean","description":"Also read the text of the top 3 result pages (slower)."}},
        "required":["query"],"additionalProperties":false}
        """;
}
