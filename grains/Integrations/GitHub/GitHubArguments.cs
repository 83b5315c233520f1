using System.Text.Json.Nodes;

namespace Sophia.Integrations.GitHub;

/// <summary>A tool call's arguments, refused with a message that names the argument to fix.</summary>
internal sealed class GitHubArguments(string tool, JsonObject arguments, GitHubSettings settings)
{
    public string Text(string name) => OptionalText(name) ?? throw Refuse($"'{name}' is required");

    public string? OptionalText(string name) => arguments[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => string.IsNullOrWhiteSpace(text) ? null : text,
        _ => throw Refuse($"'{name}' must be a string"),
    };

    public int Number(string name)
    {
        var node = arguments[name] ?? throw Refuse($"'{name}' is required");
        var number = node is JsonValue value && int.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        return number > 0 ? number : throw Refuse($"'{name}' must be a positive whole number");
    }

    /// <summary>The repository argument, which must be one of the connected repositories.</summary>
    public GitHubRepository Repository(string name = "repository") => RepositoryOrNull(name) ?? throw Refuse($"'{name}' is required");

    public GitHubRepository? RepositoryOrNull(string name = "repository")
    {
        var text = OptionalText(name);
        if (text is null)
        {
            return null;
        }

        return settings.Find(text) ?? throw Refuse(
            $"'{text}' is not a connected repository; this integration may only touch {string.Join(", ", settings.Repositories.Select(r => r.FullName))}");
    }

    /// <summary><c>open</c>, <c>closed</c> or <c>all</c>; open when left out.</summary>
    public Octokit.ItemStateFilter State() => OptionalText("state")?.ToLowerInvariant() switch
    {
        null or "open" => Octokit.ItemStateFilter.Open,
        "closed" => Octokit.ItemStateFilter.Closed,
        "all" => Octokit.ItemStateFilter.All,
        var other => throw Refuse($"'state' is '{other}'; use open, closed or all"),
    };

    private IntegrationRefusedException Refuse(string problem) => new($"{tool}: {problem}.");
}
