using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Integrations.Gong;

/// <summary>
/// Gong's public API v2 on loopback, as documented, for what the Gong integration calls: Basic authentication with an
/// access key pair (401 with Gong's error body otherwise), <c>requestId</c> in every answer, <c>records</c> with a cursor
/// (in the POST body for the call endpoints, in the query for <c>GET /v2/users</c>), a 404 when a filter matches no call,
/// the limits of 3 calls a second and 10,000 a day (429 with <c>Retry-After</c>), and faults a test can arm: 429s, cursors
/// that expire, 500s after some transcript pages.
/// </summary>
public sealed partial class GongServer : IAsyncDisposable
{
    public const string AccessKey = "gong-access-key-4";
    public const string AccessKeySecret = "gong-key-secret-4";
    public const int CallsPerSecond = 3;
    public const int CallsPerDay = 10_000;

    private readonly WebApplication _app;
    private readonly Queue<DateTimeOffset> _lastSecond = new();
    private readonly Lock _limits = new();
    private int _today;
    private int _tooManyArmed;
    private int _retryAfterSeconds = 1;
    private long _cursorsValidFrom;
    private int _transcriptPagesBeforeExpiry;

    private GongServer(WebApplication app, string baseUrl) => (_app, BaseUrl) = (app, baseUrl);

    /// <summary>The API's base URL, as Gong's API page shows it (no trailing <c>/v2</c>).</summary>
    public string BaseUrl { get; }

    public GongServerData Data { get; } = new();

    public TimeProvider Time { get; } = TimeProvider.System;

    /// <summary>Records a page holds; Gong's is 100.</summary>
    public int PageSize { get; set; } = 100;

    public ConcurrentQueue<GongRequest> Requests { get; } = new();

    /// <summary>Transcript pages served before every later one answers 500; null for none.</summary>
    public int? FailTranscriptPagesAfter { get; set; }

    public int TooManyRequestsAnswered => Requests.Count(r => r.Status == 429);

    /// <summary>The next <paramref name="count"/> requests get a 429 with <c>Retry-After</c>.</summary>
    public void ArmTooManyRequests(int count, int retryAfterSeconds = 1)
    {
        _retryAfterSeconds = retryAfterSeconds;
        Interlocked.Exchange(ref _tooManyArmed, count);
    }

    /// <summary>Once <paramref name="pages"/> more transcript pages are served, every cursor handed out until then expires.</summary>
    public void ExpireCursorsAfterTranscriptPages(int pages) => Interlocked.Exchange(ref _transcriptPagesBeforeExpiry, pages);

    /// <summary>Every cursor handed out so far is refused as expired.</summary>
    public void ExpireCursors() => Interlocked.Exchange(ref _cursorsValidFrom, Time.GetUtcNow().UtcTicks + 1);

    public static async Task<GongServer> StartAsync()
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new GongServer(app, baseUrl);
        app.Use(server.GuardAsync);
        server.MapRoutes(app);
        await app.StartAsync();
        return server;
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        context.Items["requestId"] = RequestId();
        context.Request.EnableBuffering();
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true).ReadToEndAsync();
        context.Request.Body.Position = 0;
        if (!Authorized(context.Request.Headers.Authorization.ToString()))
        {
            await WriteErrorAsync(context, 401, "Unauthorized");
        }
        else if (Limited(out var retryAfter))
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await WriteErrorAsync(context, 429, "API request limit exceeded");
        }
        else
        {
            await next(context);
        }

        Requests.Enqueue(new GongRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, body, context.Response.StatusCode));
    }

    private static bool Authorized(string header)
    {
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccessKey}:{AccessKeySecret}"));
        return header.Split(' ', 2, StringSplitOptions.TrimEntries) is [var scheme, var token]
            && scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(expected));
    }

    // Gong's documented limits: 3 calls in any second and 10,000 a day, a 429 saying how long to wait otherwise.
    private bool Limited(out int retryAfter)
    {
        retryAfter = _retryAfterSeconds;
        if (Interlocked.Decrement(ref _tooManyArmed) >= 0)
        {
            return true;
        }

        Interlocked.Exchange(ref _tooManyArmed, 0);
        var now = Time.GetUtcNow();
        lock (_limits)
        {
            while (_lastSecond.TryPeek(out var oldest) && oldest <= now.AddSeconds(-1))
            {
                _lastSecond.Dequeue();
            }

            if (_lastSecond.Count >= CallsPerSecond || _today >= CallsPerDay)
            {
                retryAfter = _today >= CallsPerDay ? (int)(now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime).TotalSeconds + 1 : 1;
                return true;
            }

            _lastSecond.Enqueue(now);
            _today++;
            return false;
        }
    }

    private static string RequestId() =>
        string.Concat(RandomNumberGenerator.GetItems("abcdefghijklmnopqrstuvwxyz0123456789".AsSpan(), 19));

    private static Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        body["requestId"] = (string)context.Items["requestId"]!;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string error) =>
        WriteAsync(context, status, new JsonObject { ["errors"] = new JsonArray(error) });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A request the server received and the status it answered.</summary>
public sealed record GongRequest(string Method, string PathAndQuery, string Body, int Status);
