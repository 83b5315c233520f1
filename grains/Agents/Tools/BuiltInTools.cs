using System.ComponentModel;
using System.Net.Http.Json;
using Sophia.Chat;

namespace Sophia.Agents.Tools;

/// <summary>The tools Sophia's agents can be given.</summary>
public static class BuiltInTools
{
    private const int SearchWindow = 500;
    private const int SearchResults = 5;

    public static readonly SophiaTool CurrentTime = new(
        "current_time", "The current date and time in UTC (ISO 8601).", Risky: false,
        context => () => context.Time.GetUtcNow().ToString("O"));

    public static readonly SophiaTool SearchConversation = new(
        "search_conversation", "Finds earlier messages of this conversation that contain the given words; returns them with their seq.", Risky: false,
        context => async ([Description("Words to look for, case-insensitive.")] string query) =>
        {
            var words = query.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var messages = await context.Conversation.ReadRecentMessagesAsync(long.MaxValue, SearchWindow);
            var hits = messages
                .Where(m => words.All(w => m.Text.Contains(w, StringComparison.OrdinalIgnoreCase)))
                .TakeLast(SearchResults)
                .Select(m => $"#{m.Seq} {m.Role}: {m.Text}")
                .ToList();
            return hits.Count == 0 ? $"No message contains '{query}'." : string.Join("\n", hits);
        });

    public static readonly SophiaTool ReadWebPage = new(
        "read_web_page", $"Reads a web page and returns its text without markup, up to {WebPage.MaxCharacters} characters.", Risky: false,
        context => ([Description("The page's absolute http or https URL.")] string url, CancellationToken cancellationToken) =>
            WebPage.ReadAsync(context.Http, url, cancellationToken));

    public static readonly SophiaTool PostWebhook = new(
        "post_webhook", "Posts a message to the team's chat channel through its incoming webhook.", Risky: true,
        context => async ([Description("The message to post.")] string message) =>
        {
            using var response = await context.Http.CreateClient().PostAsJsonAsync(context.Options.WebhookUrl, new { text = message });
            return response.IsSuccessStatusCode ? "Posted." : $"The webhook answered HTTP {(int)response.StatusCode}; nothing was posted.";
        },
        IsAvailable: options => !string.IsNullOrWhiteSpace(options.WebhookUrl));

    public static readonly IReadOnlyList<SophiaTool> All = [CurrentTime, SearchConversation, ReadWebPage, MemoryTools.SearchMemory, MemoryTools.Remember, PostWebhook];
}
