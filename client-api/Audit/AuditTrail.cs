using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Text.Json;
using Sophia.Audit;
using Sophia.ClientApi.Auth;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Audit;

/// <summary>
/// How an endpoint records into its tenant's audit log in one line, with the client's address. The action has already
/// happened when it is recorded, so a failed write does not fail the request: the loss is logged as an error and
/// counted (<c>sophia.audit.entries_lost</c>, the silo's counter of the same name).
/// </summary>
public sealed partial class AuditTrail(IGrainFactory grains, ILogger<AuditTrail> logger)
{
    private static readonly Meter Meter = new("Sophia");
    private static readonly Counter<long> Lost = Meter.CreateCounter<long>("sophia.audit.entries_lost", description: "Audit entries whose write failed after their action happened");

    /// <summary>The signed-in caller did <paramref name="action"/>.</summary>
    public Task RecordAsync(HttpContext http, string action, string? target = null, object? detail = null, string outcome = AuditOutcomes.Succeeded)
    {
        var caller = Caller.From(http.User);
        return RecordAsync(http, caller.Tenant, caller.User, action, target, detail, outcome);
    }

    /// <summary>Someone not (yet) signed in, or an operator acting on another tenant, did <paramref name="action"/> in <paramref name="tenant"/>.</summary>
    public async Task RecordAsync(HttpContext http, string tenant, string actor, string action, string? target = null, object? detail = null, string outcome = AuditOutcomes.Succeeded)
    {
        try
        {
            var record = new AuditRecord(actor, action, target, Json(detail), outcome, http.Connection.RemoteIpAddress?.ToString());
            // A refused sign-in has no signed-in caller yet: the entry is then written in the name of the tenant it names.
            using var anonymous = CallerContext.Current is null ? CallerContext.Enter(new CallerIdentity(tenant, User: null)) : null;
            await grains.GetGrain<IAuditGrain>(tenant).RecordAsync(record);
        }
        catch (Exception ex)
        {
            Lost.Add(1, new KeyValuePair<string, object?>("action", action));
            LogLost(ex, action, tenant);
        }
    }

    /// <summary>The operator's own tenant records what they did, and the tenant they did it to records it too.</summary>
    public async Task RecordOperatorAsync(HttpContext http, string tenant, string action, string? target = null, object? detail = null)
    {
        var caller = Caller.From(http.User);
        await RecordAsync(http, caller.Tenant, caller.User, action, target, detail);
        if (tenant != caller.Tenant)
        {
            await RecordAsync(http, tenant, AuditActors.Operator(caller.UserKey), action, target, detail);
        }
    }

    public static string? Json(object? detail) => detail is null ? null : JsonSerializer.Serialize(detail, JsonSerializerOptions.Web);

    [LoggerMessage(LogLevel.Error, "Audit entry {Action} of tenant {Tenant} could not be recorded; the action itself stands")]
    private partial void LogLost(Exception exception, string action, string tenant);
}
