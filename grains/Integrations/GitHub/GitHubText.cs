using System.Globalization;
using System.Text;
using Octokit;

namespace Sophia.Integrations.GitHub;

/// <summary>Tool results as text for a model: each item numbered with its URL, so an answer can cite it as [n] URL.</summary>
internal sealed class GitHubText
{
    private const int MaxBodyCharacters = 20_000;
    private readonly StringBuilder _text = new();
    private int _items;

    public GitHubText Line(string line)
    {
        _text.AppendLine(line);
        return this;
    }

    /// <summary>Adds an item: <c>[n] heading — url</c>, then its body (cut when it is long).</summary>
    public GitHubText Item(string heading, string? url, string? body = null)
    {
        _items++;
        _text.Append(CultureInfo.InvariantCulture, $"[{_items}] {heading}");
        _text.AppendLine(url is null ? "" : $" — {url}");
        if (!string.IsNullOrWhiteSpace(body))
        {
            _text.AppendLine(Cut(body.Trim())).AppendLine();
        }

        return this;
    }

    public int Items => _items;

    public override string ToString() => _text.ToString().TrimEnd();

    public static string Cut(string text, int max = MaxBodyCharacters) =>
        text.Length <= max ? text : $"{text[..max]}\n… ({text.Length - max} more characters not shown)";

    public static string Date(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "";

    public static string Heading(Issue issue) =>
        $"#{issue.Number} {issue.Title} ({issue.State.StringValue}, by {issue.User?.Login}, {issue.Comments} comments, updated {Date(issue.UpdatedAt ?? issue.CreatedAt)})";

    public static void AddComments(GitHubText text, IEnumerable<IssueComment> comments)
    {
        foreach (var comment in comments)
        {
            text.Item($"comment by {comment.User?.Login} at {Date(comment.CreatedAt)}", comment.HtmlUrl, comment.Body);
        }
    }
}
