using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Sophia.Agents.Tools;

/// <summary>Reads a web page as plain text for the research tools.</summary>
public static partial class WebPage
{
    public const string HttpClientName = "sophia-web";
    public const int MaxCharacters = 8_000;

    public static async Task<string> ReadAsync(IHttpClientFactory http, string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return $"'{url}' is not an absolute http or https URL.";
        }

        // Link-local addresses are cloud metadata services, which hand out credentials: never fetch them.
        var addresses = IPAddress.TryParse(uri.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.Host, cancellationToken);
        if (addresses.Any(IsLinkLocal))
        {
            return $"{uri.Host} is a link-local address; Sophia does not read those.";
        }

        using var response = await http.CreateClient(HttpClientName).GetAsync(uri, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return $"{uri} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.";
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var isHtml = response.Content.Headers.ContentType?.MediaType is "text/html" or "application/xhtml+xml";
        var text = Whitespace().Replace(isHtml ? ToText(body) : body, " ").Trim();
        return text.Length <= MaxCharacters ? text : text[..MaxCharacters] + " …(cut)";
    }

    private static string ToText(string html) => WebUtility.HtmlDecode(Tags().Replace(Invisible().Replace(html, " "), " "));

    private static bool IsLinkLocal(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? address.GetAddressBytes() is [169, 254, ..] : address.IsIPv6LinkLocal;

    [GeneratedRegex(@"<(script|style|noscript|head)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Invisible();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
