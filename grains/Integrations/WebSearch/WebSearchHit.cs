using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Sophia.Integrations.WebSearch;

/// <summary>One result of a web search: its page's title, address and the engine's snippet.</summary>
public sealed record WebSearchHit(string Title, string Url, string Snippet);

/// <summary>Turns results into numbered passages a model cites as <c>[n]</c> with the URL.</summary>
public static partial class WebSearchText
{
    public const string CiteInstruction = "Cite a result you use as [n] with its URL.";

    public static string Passages(string query, string engine, IReadOnlyList<WebSearchHit> hits, string? note = null)
    {
        if (hits.Count == 0)
        {
            return $"No web results for \"{query}\" from {engine}." + (note is null ? "" : $" {note}");
        }

        var text = new StringBuilder($"Web results for \"{query}\" from {engine}:\n");
        for (var i = 0; i < hits.Count; i++)
        {
            text.Append('\n').Append($"[{i + 1}] {hits[i].Title} — {hits[i].Url}\n");
            if (hits[i].Snippet.Length > 0)
            {
                text.Append(hits[i].Snippet).Append('\n');
            }
        }

        return text.Append('\n').Append(CiteInstruction).ToString();
    }

    /// <summary>Plain text of a snippet that may carry highlighting markup (<c>&lt;strong&gt;</c>) and entities.</summary>
    public static string Plain(string? html) =>
        html is null ? "" : Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, "")), " ").Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
