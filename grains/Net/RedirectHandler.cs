using System.Net;

namespace Sophia.Net;

/// <summary>
/// Follows redirects itself, at most <see cref="GuardedHttp.MaxRedirects"/>, to http and https only; every hop opens its
/// connections through <see cref="GuardedConnector"/>, so each target is checked like the first.
/// </summary>
public sealed class RedirectHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        EnsureWebScheme(request.RequestUri!, request.RequestUri!);
        var response = await base.SendAsync(request, cancellationToken);
        for (var hops = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hops++)
        {
            var from = request.RequestUri!;
            var target = location.IsAbsoluteUri ? location : new Uri(from, location);
            response.Dispose();
            if (hops == GuardedHttp.MaxRedirects)
            {
                throw new FetchRefusedException($"{from} redirects more than {GuardedHttp.MaxRedirects} times; Sophia stopped following at {target}.");
            }

            EnsureWebScheme(from, target);
            request = Next(request, target, response.StatusCode);
            response = await base.SendAsync(request, cancellationToken);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static void EnsureWebScheme(Uri from, Uri target)
    {
        if (target.Scheme is not ("http" or "https"))
        {
            throw new FetchRefusedException(from == target
                ? $"'{target}' is not an http or https URL; Sophia reads only those."
                : $"{from} redirects to '{target}', which is not http or https; Sophia follows only those.");
        }
    }

    // As browsers do: 303, and 301/302 after a POST, continue with a GET; 307 and 308 repeat the request as it was.
    private static HttpRequestMessage Next(HttpRequestMessage previous, Uri target, HttpStatusCode status)
    {
        var asGet = status == HttpStatusCode.SeeOther && previous.Method != HttpMethod.Head
            || status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found && previous.Method == HttpMethod.Post;
        var next = new HttpRequestMessage(asGet ? HttpMethod.Get : previous.Method, target)
        {
            Version = previous.Version,
            VersionPolicy = previous.VersionPolicy,
            Content = asGet ? null : previous.Content,
        };
        var sameOrigin = Uri.Compare(previous.RequestUri, target, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
        foreach (var header in previous.Headers)
        {
            // Credentials meant for one site never travel to the next.
            if (header.Key != "Host" && (sameOrigin || header.Key is not ("Authorization" or "Cookie")))
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return next;
    }
}
