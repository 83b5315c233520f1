using AngleSharp.Dom;

namespace Sophia.Memory.Chunking;

/// <summary>The readable text of a parsed HTML document: its title and body, without scripts, styles or markup.</summary>
public static class HtmlText
{
    public static string Of(IDocument document)
    {
        foreach (var element in document.QuerySelectorAll("script, style, noscript, template").ToList())
        {
            element.Remove();
        }

        // Block elements end a line, so headings and paragraphs do not run into each other.
        foreach (var block in document.QuerySelectorAll("p, div, li, h1, h2, h3, h4, h5, h6, br, tr, section, article, pre, blockquote"))
        {
            block.Append(document.CreateTextNode("\n"));
        }

        var title = document.Title is { Length: > 0 } t ? t + "\n" : string.Empty;
        return title + (document.Body?.TextContent ?? string.Empty);
    }
}
