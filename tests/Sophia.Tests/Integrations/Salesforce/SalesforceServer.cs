using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Integrations.Salesforce;

/// <summary>
/// A Salesforce org and its login host on loopback, as documented: the OAuth 2.0 web server flow with PKCE (authorize,
/// then the token endpoint's authorization_code and refresh_token grants, with refresh token rotation when switched
/// on), Bearer access tokens that expire into 401 <c>INVALID_SESSION_ID</c>, <c>Sforce-Limit-Info</c> on every REST
/// answer and 403 <c>REQUEST_LIMIT_EXCEEDED</c> past the org's daily limit, and the REST resources the integration
/// calls (limits, query with <c>nextRecordsUrl</c> paging, sObject rows, updated and deleted) over a small SOQL subset.
/// </summary>
public sealed partial class SalesforceServer : IAsyncDisposable
{
    public const string ClientId = "3MVG9sophia-test-consumer-key";
    public const string ClientSecret = "sf-consumer-secret-8";
    private const string OrgId = "00D5g000004TEST";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new();
    private readonly ConcurrentDictionary<string, bool> _accessTokens = new();
    private readonly ConcurrentDictionary<string, (string Challenge, string RedirectUri)> _codes = new();
    private int _refreshGrants;
    private long _apiUsed;

    private SalesforceServer(WebApplication app, string baseUrl, TimeProvider time) => (_app, BaseUrl, Time) = (app, baseUrl, time);

    /// <summary>Both the login host and the org's instance URL.</summary>
    public string BaseUrl { get; }

    public TimeProvider Time { get; }

    /// <summary>Refresh token rotation, as an External Client App can require: each refresh returns a new token and voids the old.</summary>
    public bool RotateRefreshTokens { get; set; }

    public long ApiLimit { get; set; } = 15_000;

    public long ApiUsed { get => Interlocked.Read(ref _apiUsed); set => Interlocked.Exchange(ref _apiUsed, value); }

    public int RefreshGrants => _refreshGrants;

    /// <summary>Every REST request, as method and path with query.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<SalesforceServer> StartAsync(TimeProvider? time = null)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new SalesforceServer(app, baseUrl, time ?? TimeProvider.System);
        app.MapGet("/services/oauth2/authorize", (Func<HttpContext, IResult>)server.Authorize);
        app.MapPost("/services/oauth2/token", (Func<HttpContext, Task<IResult>>)server.TokenAsync);
        app.Use(server.GuardAsync);
        server.MapRest(app);
        await app.StartAsync();
        return server;
    }

    /// <summary>A refresh token for the org's user, as an admin would have from an earlier consent.</summary>
    public string IssueRefreshToken()
    {
        var token = $"5Aep861{Random(24)}";
        _refreshTokens[token] = true;
        return token;
    }

    public bool IsValidRefreshToken(string token) => _refreshTokens.ContainsKey(token);

    /// <summary>Every access token's session times out, as the org's session timeout does.</summary>
    public void ExpireSessions() => _accessTokens.Clear();

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/services/oauth2"))
        {
            await next(context);
            return;
        }

        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        var used = Interlocked.Increment(ref _apiUsed);
        context.Response.Headers["Sforce-Limit-Info"] = $"api-usage={used}/{ApiLimit}";
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            await Results.Json(RestError("INVALID_SESSION_ID", "Session expired or invalid"), statusCode: 401).ExecuteAsync(context);
            return;
        }

        if (used > ApiLimit)
        {
            await Results.Json(RestError("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."), statusCode: 403).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static JsonArray RestError(string code, string message) => [new JsonObject { ["message"] = message, ["errorCode"] = code }];

    private static string Random(int characters) => Convert.ToHexString(RandomNumberGenerator.GetBytes(characters / 2));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
