using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sophia.Audit;

/// <summary>What makes an entry or a query acceptable, checked where both enter the log.</summary>
public static partial class AuditRules
{
    public const int MaxLimit = 1000;
    public const int MaxDetailLength = 4096;
    private const int MaxTextLength = 200;

    public const string ActionHelp = "an action is a dotted name of lowercase letters, digits and '_', e.g. auth.sign_in, or a prefix of one, e.g. auth";
    public const string ActorHelp = "an actor is a username, 'system' or 'operator:tenant/user'";

    public static bool IsAction(string? action) => action is { Length: <= 64 } && ActionPattern().IsMatch(action);

    public static bool IsActor(string? actor) => actor is { Length: <= MaxTextLength } && ActorPattern().IsMatch(actor);

    public static bool IsEntryId(string? id) => id is { Length: 32 } && IdPattern().IsMatch(id);

    /// <summary>The entry as stored: a time-ordered id, the tenant, the time to the millisecond; a detail too long or not JSON is replaced by a note saying so.</summary>
    public static AuditEntry Stamp(string tenant, AuditRecord record, DateTimeOffset now)
    {
        CheckTenant(tenant);
        if (!IsAction(record.Action) || !IsActor(record.Actor))
        {
            throw new ArgumentException($"Audit record '{record.Action}' by '{record.Actor}' refused: {ActionHelp}; {ActorHelp}.");
        }

        if (record.Outcome is not (AuditOutcomes.Succeeded or AuditOutcomes.Failed or AuditOutcomes.Refused))
        {
            throw new ArgumentException($"Audit outcome '{record.Outcome}' is unknown: use succeeded, failed or refused.");
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        return new AuditEntry(Guid.CreateVersion7(at).ToString("N"), tenant, at, record.Actor, record.Action, Bounded(record.Target), Detail(record.Detail),
            record.Outcome, Bounded(record.ClientAddress));
    }

    public static void CheckTenant(string tenant)
    {
        if (!GrainKeys.IsWellFormedName(tenant))
        {
            throw new ArgumentException($"'{tenant}' is not a tenant: the audit grain's key is the tenant id.");
        }
    }

    public static AuditQuery Check(AuditQuery query)
    {
        var problem = query.Limit is < 1 or > MaxLimit ? $"limit must be 1 to {MaxLimit}"
            : query.AfterId is not null && !IsEntryId(query.AfterId) ? "after must be an entry id or an ISO 8601 time"
            : query.BeforeId is not null && !IsEntryId(query.BeforeId) ? "before must be an entry id"
            : query.Forward && query.BeforeId is not null ? "use after or before, not both"
            : query.Actor is not null && !IsActor(query.Actor) ? ActorHelp
            : query.Action is not null && !IsAction(query.Action) ? ActionHelp
            : null;
        return problem is null ? query with { AfterTime = query.AfterTime?.ToUniversalTime() } : throw new ArgumentException(problem);
    }

    private static string? Bounded(string? text) => text is { Length: > MaxTextLength } ? text[..MaxTextLength] : text;

    private static string? Detail(string? detail)
    {
        if (detail is null)
        {
            return null;
        }

        if (detail.Length > MaxDetailLength)
        {
            return $$"""{"omitted":"detail of {{detail.Length}} characters, over {{MaxDetailLength}}"}""";
        }

        try
        {
            using var _ = JsonDocument.Parse(detail);
            return detail;
        }
        catch (JsonException)
        {
            return """{"omitted":"detail was not JSON"}""";
        }
    }

    [GeneratedRegex("^[a-z0-9_]+(\\.[a-z0-9_]+)*$")]
    private static partial Regex ActionPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9._:/-]*$")]
    private static partial Regex ActorPattern();

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex IdPattern();
}
