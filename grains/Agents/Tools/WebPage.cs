using System.Text;
using AngleSharp.Html.Parser;
using Sophia.Memory.Chunking;
using Sophia.Net;

namespace Sophia.Agents.Tools;

/// <summary>Reads a web page as plain text for the research tools, through the guarded client.</summary>
public static class WebPage
{
    public const int MaxCharacters = 8_000;

    public static async Task<string> ReadAsync(IHttpClientFactory http, string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"'{url}' is not an absolute http or https URL.";
        }

        WebFetch page;
        try
        {
            page = await GuardedHttp.GetAsync(http, uri, cancellationToken);
        }
        catch (Exception ex) when (GuardedHttp.IsFetchFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            return GuardedHttp.Failure(uri, ex);
        }

        if (!page.Succeeded)
        {
            return $"{page.Uri} answered HTTP {(int)page.Status} {page.Reason}.";
        }

        if (TextOf(page) is not { } text)
        {
            return $"{page.Uri} is {page.MediaType}, not a page of text; Sophia reads HTML and text.";
        }

        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length > MaxCharacters ? text[..MaxCharacters] + " …(cut)"
            : page.Cut ? text + $" …(cut at {GuardedHttp.MaxBodyBytes / (1024 * 1024)} MB)"
            : text;
    }

    private static string? TextOf(WebFetch page)
    {
        var type = page.MediaType?.ToLowerInvariant();
        if (type is "text/html" or "application/xhtml+xml")
        {
            return HtmlText.Of(new HtmlParser().ParseDocument(Decode(page)));
        }

        var isText = type is null or "application/json" or "application/xml"
            || type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("+json", StringComparison.Ordinal) || type.EndsWith("+xml", StringComparison.Ordinal);
        return isText ? Decode(page) : null;
    }

    private static string Decode(WebFetch page)
    {
        var encoding = Encoding.UTF8;
        try
        {
            encoding = page.Charset is { Length: > 0 } charset ? Encoding.GetEncoding(charset.Trim('"')) : encoding;
        }
        catch (ArgumentException)
        {
            // An unknown charset reads as UTF-8, the web's default.
        }

        return encoding.GetString(page.Body).TrimStart('\uFEFF');
    }
}
