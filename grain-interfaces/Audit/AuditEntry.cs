namespace Sophia.Audit;

/// <summary>
/// What happened, as the one who records it knows it; the audit grain adds the id, the tenant (its key) and the time.
/// </summary>
/// <param name="Actor">Who did it: a username of the tenant, <see cref="AuditActors.System"/>, or an operator (<see cref="AuditActors.Operator"/>).</param>
/// <param name="Action">A dotted name from <see cref="AuditActions"/>, e.g. <c>user.role_changed</c>.</param>
/// <param name="Target">What it was done to (a username, an agent, a tool, a key id), when anything.</param>
/// <param name="Detail">A small JSON object of facts; never a secret, password, token or message text.</param>
/// <param name="Outcome">One of <see cref="AuditOutcomes"/>.</param>
/// <param name="ClientAddress">The HTTP client's address, when the action came over HTTP.</param>
[GenerateSerializer, Immutable, Alias("sophia.AuditRecord")]
public sealed record AuditRecord(string Actor, string Action, string? Target = null, string? Detail = null, string Outcome = AuditOutcomes.Succeeded, string? ClientAddress = null);

/// <summary>One stored audit entry; ids sort by the time entries were recorded (version 7 UUIDs, as 32 hex digits).</summary>
[GenerateSerializer, Immutable, Alias("sophia.AuditEntry")]
public sealed record AuditEntry(
    string Id, string Tenant, DateTimeOffset At, string Actor, string Action, string? Target, string? Detail, string Outcome, string? ClientAddress);

/// <summary>
/// A page of a tenant's audit log. Without <see cref="AfterId"/> or <see cref="AfterTime"/> the newest entries come
/// first (older ones with <see cref="BeforeId"/>); with either, entries after that point come oldest first.
/// </summary>
/// <param name="Limit">How many entries at most, 1 to 1000.</param>
/// <param name="AfterId">Entries recorded after this one, oldest first.</param>
/// <param name="AfterTime">Entries recorded after this time, oldest first.</param>
/// <param name="BeforeId">Entries recorded before this one, newest first: the next page back.</param>
/// <param name="Actor">Only this actor's entries.</param>
/// <param name="Action">An action name, or a dotted prefix: <c>auth</c> matches <c>auth.sign_in</c> and <c>auth.sign_in_failed</c>.</param>
[GenerateSerializer, Immutable, Alias("sophia.AuditQuery")]
public sealed record AuditQuery(
    int Limit, string? AfterId = null, DateTimeOffset? AfterTime = null, string? BeforeId = null, string? Actor = null, string? Action = null)
{
    public bool Forward => AfterId is not null || AfterTime is not null;
}

public static class AuditOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Refused = "refused";
}

public static class AuditActors
{
    public const string System = "system";

    /// <summary>Someone not identified, e.g. a single sign-on that failed before it said who.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>An operator acting on a tenant that is not theirs: <c>operator:tenant/user</c>.</summary>
    public static string Operator(string operatorUserKey) => $"operator:{operatorUserKey}";
}
