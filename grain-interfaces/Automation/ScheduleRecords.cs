namespace Sophia.Automation;

/// <summary>The kinds of scheduled work: an agent run posted into a conversation, or an integration's sync.</summary>
public static class ScheduleKinds
{
    public const string Agent = "agent";
    public const string Sync = "sync";
}

/// <summary>
/// What a schedule runs and when: a cron expression (5 fields, or 6 with seconds first) read in <paramref name="TimeZone"/>
/// (an IANA id such as <c>Europe/Berlin</c>); for <c>agent</c> the prompt posted into the conversation, for <c>sync</c> the
/// integration (<c>github</c>, <c>gong</c>...). An agent schedule without a conversation gets a new one, answered by
/// <paramref name="Agent"/> (a user-defined agent) when named.
/// </summary>
[GenerateSerializer, Immutable, Alias("sophia.ScheduleSpec")]
public sealed record ScheduleSpec(string Name, string Cron, string TimeZone, string Kind, string? Prompt, string? ConversationId, string? Integration, string? Agent);

/// <summary>A schedule as its owner sees it: the spec, whether paused, the next occurrence and the last run.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ScheduleStatus")]
public sealed record ScheduleStatus(
    string Id,
    ScheduleSpec Spec,
    string Owner,
    bool Paused,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextRunAt,
    DateTimeOffset? LastOccurrence,
    DateTimeOffset? LastRunAt,
    string? LastError,
    int Runs);
