using System.Text.RegularExpressions;

namespace Sophia.ClientApi.Projects;

/// <summary>Finds links to GitHub issues and pull requests in text: <c>https://host/owner/repo/issues/7</c> or <c>…/pull/7</c>.</summary>
public static partial class GitHubLinks
{
    /// <summary>The links of <paramref name="text"/> into one of <paramref name="repositories"/> (any repository on github.com when none are named).</summary>
    public static IEnumerable<(string Url, string Repository, string Kind, int Number)> In(string text, IReadOnlySet<string> repositories)
    {
        foreach (Match m in Link().Matches(text))
        {
            var repository = $"{m.Groups["owner"].Value}/{m.Groups["repo"].Value}";
            var known = repositories.Count == 0 ? m.Groups["host"].Value.Equals("github.com", StringComparison.OrdinalIgnoreCase) : repositories.Contains(repository);
            if (known && int.TryParse(m.Groups["number"].Value, out var number))
            {
                yield return (m.Value, repository, m.Groups["kind"].Value == "pull" ? "pull request" : "issue", number);
            }
        }
    }

    [GeneratedRegex(@"https?://(?<host>[\w.-]+(?::\d+)?)/(?<owner>[\w.-]+)/(?<repo>[\w.-]+)/(?<kind>issues|pull)/(?<number>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
