using System.Net;

namespace Sophia.Net;

/// <summary>
/// The one HTTP client for every fetch made for a user (a page, a link, a URL a user gave an integration): internal
/// addresses refused at every hop, redirects followed by Sophia, bodies and time capped.
/// </summary>
public static class GuardedHttp
{
    public const string HttpClientName = "sophia-web";
    public const int MaxRedirects = 5;
    public const int MaxBodyBytes = 2 * 1024 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>The innermost handler: connections through <paramref name="connector"/>, no proxy, no redirects of its own.</summary>
    public static SocketsHttpHandler CreateHandler(GuardedConnector connector) => new()
    {
        AllowAutoRedirect = false,
        // A proxy would resolve the name itself, past the connector's checks.
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectCallback = connector.ConnectAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    };

    /// <summary>
    /// GETs <paramref name="uri"/> through the guarded client within <see cref="Timeout"/> in all, its body read up to
    /// <see cref="MaxBodyBytes"/>. Throws <see cref="FetchRefusedException"/> for what it may not read; see <see cref="Failure"/>.
    /// </summary>
    public static async Task<WebFetch> GetAsync(IHttpClientFactory http, Uri uri, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        using var response = await http.CreateClient(HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var (body, cut) = await ReadBodyAsync(response, deadline.Token);
        var type = response.Content.Headers.ContentType;
        return new WebFetch(response.RequestMessage?.RequestUri ?? uri, response.StatusCode, response.ReasonPhrase, type?.MediaType, type?.CharSet, body, cut);
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/> of a body as it streams in; <c>Cut</c> says there was more.</summary>
    public static async Task<(byte[] Body, bool Cut)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var buffer = new byte[81_920];
        int read;
        while (body.Length <= MaxBodyBytes && (read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            body.Write(buffer, 0, read);
        }

        return body.Length > MaxBodyBytes ? (body.GetBuffer()[..MaxBodyBytes], true) : (body.ToArray(), false);
    }

    /// <summary>What to tell the person who asked when <see cref="GetAsync"/> failed: the refusal, the timeout or the network's error.</summary>
    public static string Failure(Uri uri, Exception exception) => exception switch
    {
        _ when FetchRefusedException.Within(exception) is { } refused => refused.Message,
        OperationCanceledException or TimeoutException => $"{uri} did not answer within {Timeout.TotalSeconds:0} s.",
        _ => $"{uri} could not be read: {exception.Message}",
    };

    /// <summary>Whether <paramref name="exception"/> is a way a fetch fails (to be told, not thrown), rather than a bug.</summary>
    public static bool IsFetchFailure(Exception exception) => exception is HttpRequestException or OperationCanceledException or TimeoutException or IOException;
}
