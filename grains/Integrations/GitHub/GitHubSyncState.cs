using System.Globalization;
using System.Text.Json.Nodes;

namespace Sophia.Integrations.GitHub;

/// <summary>
/// Where one repository's sync stands, inside the integration's persisted state: the <c>since</c> cursor of its issues,
/// and for each synced issue or file (by URL) the version seen (update time, blob SHA) and the memory document written.
/// </summary>
internal sealed class GitHubSyncState(JsonObject repository)
{
    public static GitHubSyncState For(JsonObject state, GitHubRepository repository)
    {
        var sync = state["sync"] as JsonObject ?? (JsonObject)(state["sync"] = new JsonObject());
        var key = repository.FullName.ToLowerInvariant();
        return new GitHubSyncState(sync[key] as JsonObject ?? (JsonObject)(sync[key] = new JsonObject()));
    }

    /// <summary>The latest update time among the issues synced; GitHub's <c>since</c> includes it, so nothing is missed.</summary>
    public DateTimeOffset? IssuesSince
    {
        get => DateTimeOffset.TryParse(repository["since"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var since) ? since : null;
        set => repository["since"] = value?.ToString("O", CultureInfo.InvariantCulture);
    }

    public JsonObject Issues => Map("issues");

    public JsonObject Files => Map("files");

    public static string? VersionOf(JsonObject items, string url) => (items[url] as JsonObject)?["version"]?.GetValue<string>();

    public static string? DocumentOf(JsonObject items, string url) => (items[url] as JsonObject)?["document"]?.GetValue<string>();

    public static void Record(JsonObject items, string url, string version, string? document) =>
        items[url] = new JsonObject { ["version"] = version, ["document"] = document };

    private JsonObject Map(string name) => repository[name] as JsonObject ?? (JsonObject)(repository[name] = new JsonObject());
}
