using System.Text.Json;
using Sophia.Telemetry;

namespace Sophia.Audit;

/// <summary>
/// How grains record into the audit log in one line. The action already happened when it is recorded, so a failed
/// write does not undo or fail it: the loss is logged as an error and counted (<c>sophia.audit.entries_lost</c>).
/// </summary>
public sealed partial class AuditRecorder(IGrainFactory grains, ILogger<AuditRecorder> logger)
{
    public Task RecordAsync(string tenant, string actor, string action, string? target = null, object? detail = null, string outcome = AuditOutcomes.Succeeded) =>
        RecordAsync(tenant, () => Task.FromResult(actor), action, target, detail, outcome);

    /// <summary>Records with an actor still to be looked up; a failed lookup is a lost entry like a failed write.</summary>
    public async Task RecordAsync(string tenant, Func<Task<string>> actor, string action, string? target = null, object? detail = null, string outcome = AuditOutcomes.Succeeded)
    {
        try
        {
            await grains.GetGrain<IAuditGrain>(tenant).RecordAsync(new AuditRecord(await actor(), action, target, Json(detail), outcome));
        }
        catch (Exception ex)
        {
            SophiaDiagnostics.AuditEntriesLost.Add(1, new KeyValuePair<string, object?>("action", action));
            LogLost(ex, action, tenant);
        }
    }

    public static string? Json(object? detail) => detail switch
    {
        null => null,
        string text => text,
        _ => JsonSerializer.Serialize(detail, JsonSerializerOptions.Web),
    };

    [LoggerMessage(LogLevel.Error, "Audit entry {Action} of tenant {Tenant} could not be recorded; the action itself stands")]
    private partial void LogLost(Exception exception, string action, string tenant);
}
