using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Integrations.HubSpot;

/// <summary>
/// HubSpot's API on loopback, as documented, for what the HubSpot integration calls: Bearer authentication with private
/// app tokens and OAuth access tokens (401 <c>INVALID_AUTHENTICATION</c> / <c>EXPIRED_AUTHENTICATION</c>), the OAuth
/// authorize page and the 2026-03 token endpoint, CRM search (filter groups, sorts, <c>after</c>, at most 200 a page and
/// 10,000 results a query), object lists with <c>archived</c>, batch reads, v4 associations, account details,
/// <c>X-HubSpot-RateLimit-*</c> headers (not on search, as documented) and a 429 with <c>Retry-After</c> a test can arm.
/// </summary>
public sealed partial class HubSpotServer : IAsyncDisposable
{
    public const long PortalId = 24680;
    public const int TenSecondLimit = 100;
    public const int DailyLimit = 250_000;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<DateTimeOffset> _window = new();
    private int _rateLimitArmed;
    private int _searchesBeforeFailure;
    private int _searchFailures;

    private HubSpotServer(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    /// <summary>The API root, ending in <c>/</c>; the authorize page is under it too (<see cref="AuthorizeUrl"/>).</summary>
    public string BaseUrl { get; }

    public string AuthorizeUrl => BaseUrl + "oauth/authorize";

    public HubSpotCrmData Data { get; } = new();

    /// <summary>Private app access tokens the server accepts.</summary>
    public ConcurrentDictionary<string, bool> PrivateAppTokens { get; } = new();

    /// <summary>HubSpot stops every search query at this many results; only a test of the limit lowers it.</summary>
    public int SearchResultCap { get; set; } = 10_000;

    public ConcurrentQueue<HubSpotRequest> Requests { get; } = new();

    public IEnumerable<HubSpotRequest> Searches(string type) => Requests.Where(r => r.Method == "POST" && r.Path == $"/crm/v3/objects/{type}/search");

    /// <summary>The next <paramref name="count"/> requests get HubSpot's 429 with <c>Retry-After: 1</c>.</summary>
    public void ArmRateLimit(int count = 1) => Interlocked.Exchange(ref _rateLimitArmed, count);

    /// <summary>After <paramref name="searches"/> more searches are answered, the next <paramref name="failures"/> get a 500.</summary>
    public void FailSearchesAfter(int searches, int failures) =>
        (_searchesBeforeFailure, _searchFailures) = (searches, failures);

    public static async Task<HubSpotServer> StartAsync()
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new HubSpotServer(app, baseUrl + "/");
        app.Use(server.GuardAsync);
        server.MapOAuth(app);
        server.MapCrm(app);
        await app.StartAsync();
        return server;
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var isOAuth = request.Path.StartsWithSegments("/oauth");
        string? body = null;
        if (!isOAuth && HttpMethods.IsPost(request.Method))
        {
            request.EnableBuffering();
            body = await new StreamReader(request.Body).ReadToEndAsync();
            request.Body.Position = 0;
        }

        Requests.Enqueue(new HubSpotRequest(request.Method, request.Path, request.QueryString.ToString(), body, request.Headers.Authorization.ToString()));
        if (Interlocked.Decrement(ref _rateLimitArmed) >= 0)
        {
            context.Response.Headers.RetryAfter = "1";
            await WriteAsync(context, 429, new JsonObject
            {
                ["status"] = "error",
                ["message"] = "You have reached your ten_secondly_rolling limit.",
                ["errorType"] = "RATE_LIMIT",
                ["correlationId"] = Guid.NewGuid().ToString(),
                ["policyName"] = "TEN_SECONDLY_ROLLING",
            });
            return;
        }

        Interlocked.Exchange(ref _rateLimitArmed, 0);
        if (isOAuth)
        {
            await next(context);
            return;
        }

        var (authenticated, expired) = Authenticate(request.Headers.Authorization.ToString());
        if (!authenticated)
        {
            await WriteAsync(context, 401, expired
                ? Error("The OAuth token used to make this call expired.", "EXPIRED_AUTHENTICATION")
                : Error("Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview", "INVALID_AUTHENTICATION"));
            return;
        }

        if (IsSearch(request) && ShouldFailSearch())
        {
            await WriteAsync(context, 500, Error("internal error", "INTERNAL_ERROR"));
            return;
        }

        if (!IsSearch(request))
        {
            RateLimitHeaders(context);
        }

        await next(context);
    }

    private bool ShouldFailSearch() =>
        Volatile.Read(ref _searchFailures) > 0
        && Interlocked.Decrement(ref _searchesBeforeFailure) < 0
        && Interlocked.Decrement(ref _searchFailures) >= 0;

    private static bool IsSearch(HttpRequest request) => HttpMethods.IsPost(request.Method) && request.Path.Value!.EndsWith("/search", StringComparison.Ordinal);

    // HubSpot counts a rolling ten seconds; search answers carry none of these headers.
    private void RateLimitHeaders(HttpContext context)
    {
        var now = DateTimeOffset.UtcNow;
        _window.Enqueue(now);
        while (_window.TryPeek(out var oldest) && oldest < now.AddSeconds(-10))
        {
            _window.TryDequeue(out _);
        }

        var headers = context.Response.Headers;
        headers["X-HubSpot-RateLimit-Interval-Milliseconds"] = "10000";
        headers["X-HubSpot-RateLimit-Max"] = TenSecondLimit.ToString(CultureInfo.InvariantCulture);
        headers["X-HubSpot-RateLimit-Remaining"] = Math.Max(0, TenSecondLimit - _window.Count).ToString(CultureInfo.InvariantCulture);
        if (PrivateAppTokens.ContainsKey(Bearer(context.Request.Headers.Authorization.ToString()) ?? ""))
        {
            headers["X-HubSpot-RateLimit-Daily"] = DailyLimit.ToString(CultureInfo.InvariantCulture);
            headers["X-HubSpot-RateLimit-Daily-Remaining"] = (DailyLimit - Requests.Count).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static string? Bearer(string authorization) =>
        authorization.Split(' ', 2, StringSplitOptions.TrimEntries) is [var scheme, var value] && scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? value : null;

    internal static JsonObject Error(string message, string category) => new()
    {
        ["status"] = "error",
        ["message"] = message,
        ["correlationId"] = Guid.NewGuid().ToString(),
        ["category"] = category,
    };

    internal static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A request the server received (a POST's JSON body kept for the tests; token requests' bodies never).</summary>
public sealed record HubSpotRequest(string Method, string Path, string Query, string? Body, string Authorization);
