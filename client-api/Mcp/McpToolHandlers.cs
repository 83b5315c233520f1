using System.Security.Claims;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.ClientApi.Auth;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Mcp;

/// <summary>
/// Answers <c>tools/list</c> and <c>tools/call</c> for the authenticated caller. Each call takes one tool call from the
/// caller's quota first, as an agent's tool call does, and is written to the audit log (its arguments only as a hash).
/// </summary>
public sealed class McpToolHandlers(McpToolCatalog catalog, IGrainFactory grains, AuditTrail audit, IHttpContextAccessor http, IConfiguration configuration, TimeProvider time)
{
    public async ValueTask<ListToolsResult> ListAsync(RequestContext<ListToolsRequestParams> request, CancellationToken cancellationToken)
    {
        var (user, caller) = CallerOf(request.User);
        using var asCaller = Enter(user);
        return new ListToolsResult { Tools = [.. (await catalog.ForAsync(user, caller)).Select(t => t.Definition)] };
    }

    public async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken)
    {
        var (user, caller) = CallerOf(request.User);
        using var asCaller = Enter(user);
        var name = request.Params?.Name;
        var tool = (await catalog.ForAsync(user, caller)).FirstOrDefault(t => t.Definition.Name == name)
            ?? throw new McpProtocolException($"Unknown tool '{name}': tools/list names the tools you may call.", McpErrorCode.InvalidParams);

        // A quota is a day's or a month's allowance: the model reads the refusal and tells the user, where an HTTP 429 would be retried as a transport failure.
        if (await grains.GetGrain<IUserGrain>(caller.UserKey).SpendQuotaAsync(QuotaMeter.ToolCalls, 1, refuseOverLimit: true) is { } refusal)
        {
            return McpResults.Error(refusal.Message);
        }

        var arguments = request.Params!.Arguments is { } given ? new Dictionary<string, JsonElement>(given) : [];
        var started = time.GetTimestamp();
        var result = await tool.CallAsync(caller, arguments, cancellationToken);
        await RecordAsync(tool.Definition.Name, arguments, result.IsError != true, started);
        return result;
    }

    private async Task RecordAsync(string tool, IReadOnlyDictionary<string, JsonElement> arguments, bool succeeded, long started)
    {
        var detail = new
        {
            argumentsSha256 = ToolArguments.Sha256(arguments.Select(a => KeyValuePair.Create(a.Key, (object?)a.Value))),
            via = "mcp",
            durationMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
        };
        await audit.RecordAsync(http.HttpContext!, AuditActions.ToolCalled, tool, detail, succeeded ? AuditOutcomes.Succeeded : AuditOutcomes.Failed);
    }

    private static (ClaimsPrincipal User, Caller Caller) CallerOf(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true ? (user, Caller.From(user)) : throw new McpException("Sign in first: send a bearer token or an API key.");

    // The gateway's middleware has entered the caller for this request already; entered again here so the tools' grain calls carry it whatever flow the handler runs on.
    private IDisposable Enter(ClaimsPrincipal user) => CallerContext.Enter(CallerContextMiddleware.IdentityOf(user, configuration)!);
}
