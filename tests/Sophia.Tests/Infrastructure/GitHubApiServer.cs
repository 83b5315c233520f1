using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sophia.Tests.Infrastructure.GitHub;

namespace Sophia.Tests.Infrastructure;

/// <summary>
/// GitHub's REST API on loopback, as documented, for what the GitHub integration calls: token and Bearer authentication
/// (401 "Bad credentials"), GitHub App installation tokens (the JWT checked against the app's public key), Link paging,
/// ETags with 304s that cost no rate limit, <c>since</c> on issues, <c>x-ratelimit-*</c> headers, a secondary rate limit a
/// test can arm, and the issues, pulls, contents, git refs, trees, blobs and code search endpoints.
/// </summary>
public sealed partial class GitHubApiServer : IAsyncDisposable
{
    public const string Host = "127.0.0.1";
    public const int HourlyLimit = 5000;
    private const string Docs = "https://docs.github.com/rest";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _installationTokens = new();
    private int _remaining = HourlyLimit;
    private int _secondaryLimitArmed;
    private int _tokensIssued;
    private int _notModified;

    private GitHubApiServer(WebApplication app, string baseUrl, TimeProvider time) => (_app, BaseUrl, Time) = (app, baseUrl, time);

    /// <summary>The REST API root, ending in <c>/</c>.</summary>
    public string BaseUrl { get; }

    public TimeProvider Time { get; }

    public GitHubApiData Data { get; } = new();

    /// <summary>Personal access tokens the server accepts.</summary>
    public ConcurrentDictionary<string, string> Tokens { get; } = new();

    public ConcurrentQueue<GitHubApiRequest> Requests { get; } = new();

    /// <summary>The GitHub App whose JWTs the server accepts: its id, installation and key pair.</summary>
    public (long AppId, long InstallationId, RSA Key)? App { get; set; }

    public TimeSpan InstallationTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public int InstallationTokensIssued => _tokensIssued;

    public int RateRemaining => _remaining;

    /// <summary>304s answered to a matching If-None-Match.</summary>
    public int NotModifiedAnswers => _notModified;

    /// <summary>How long every answer takes, as a busy server's would.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The next request gets GitHub's secondary rate limit answer: a 403 with <c>retry-after: 1</c>.</summary>
    public void ArmSecondaryRateLimit() => Interlocked.Exchange(ref _secondaryLimitArmed, 1);

    public static async Task<GitHubApiServer> StartAsync(TimeProvider? time = null)
    {
        var baseUrl = $"http://{Host}:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new GitHubApiServer(app, baseUrl + "/", time ?? TimeProvider.System);
        app.Use(server.GuardAsync);
        server.MapRoutes(app);
        await app.StartAsync();
        return server;
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (ResponseDelay > TimeSpan.Zero)
        {
            await Task.Delay(ResponseDelay);
        }

        var request = context.Request;
        Requests.Enqueue(new GitHubApiRequest(request.Method, request.Path + request.QueryString, request.Headers.IfNoneMatch.ToString(), request.Headers.Authorization.ToString()));
        if (Interlocked.Exchange(ref _secondaryLimitArmed, 0) == 1)
        {
            context.Response.Headers["retry-after"] = "1";
            await WriteAsync(context, 403, Error("You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits"));
            return;
        }

        var authorization = request.Headers.Authorization.ToString().Split(' ', 2, StringSplitOptions.TrimEntries);
        var credential = authorization is [var scheme, var value] && (scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) ? value : null;
        if (request.Path.StartsWithSegments("/app"))
        {
            if (credential is null || !IsValidAppJwt(credential))
            {
                await WriteAsync(context, 401, Error("A JSON web token could not be decoded", Docs));
                return;
            }
        }
        else if (credential is null || !(Tokens.ContainsKey(credential) || (_installationTokens.TryGetValue(credential, out var expiresAt) && expiresAt > Time.GetUtcNow())))
        {
            await WriteAsync(context, 401, Error("Bad credentials", Docs));
            return;
        }

        await next(context);
    }

    /// <summary>An RS256 JWT signed by the app's key, issued by its id, that lives at most ten minutes and has not expired.</summary>
    private bool IsValidAppJwt(string jwt)
    {
        if (App is not { } app || jwt.Split('.') is not [var header, var payload, var signature])
        {
            return false;
        }

        var signed = app.Key.VerifyData(Encoding.ASCII.GetBytes($"{header}.{payload}"), Base64UrlDecode(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var claims = JsonNode.Parse(Base64UrlDecode(payload))!.AsObject();
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var (iat, exp) = (claims["iat"]!.GetValue<long>(), claims["exp"]!.GetValue<long>());
        return signed && claims["iss"]?.ToString() == app.AppId.ToString(CultureInfo.InvariantCulture) && iat <= now + 60 && exp > now && exp - iat <= 660;
    }

    private async Task IssueInstallationTokenAsync(HttpContext context, long installationId)
    {
        if (App?.InstallationId != installationId)
        {
            await WriteAsync(context, 404, Error("Not Found", Docs));
            return;
        }

        Interlocked.Increment(ref _tokensIssued);
        var token = $"ghs_{Convert.ToHexString(RandomNumberGenerator.GetBytes(18)).ToLowerInvariant()}";
        var expiresAt = Time.GetUtcNow() + InstallationTokenLifetime;
        _installationTokens[token] = expiresAt;
        await WriteAsync(context, 201, new JsonObject
        {
            ["token"] = token,
            ["expires_at"] = GitHubApiJson.Time(expiresAt),
            ["permissions"] = new JsonObject { ["contents"] = "write", ["issues"] = "write", ["pull_requests"] = "write", ["metadata"] = "read" },
            ["repository_selection"] = "selected",
        });
    }

    private static JsonObject Error(string message, string documentation) => new() { ["message"] = message, ["documentation_url"] = documentation };

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A request the server received: what the tests assert on (never a secret's value in a message).</summary>
public sealed record GitHubApiRequest(string Method, string PathAndQuery, string IfNoneMatch, string Authorization);
