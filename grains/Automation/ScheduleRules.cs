using Cronos;
using Sophia.Integrations;

namespace Sophia.Automation;

/// <summary>Reads a schedule's cron expression and time zone, and says what to fix when they cannot be read.</summary>
public static class ScheduleRules
{
    public const int MaxNameLength = 100;
    public const int MaxPromptLength = 4000;

    /// <summary>Parses five fields (minute hour day month weekday) or six (seconds first).</summary>
    public static CronExpression ParseCron(string? cron)
    {
        var fields = cron?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
        if (fields is not (5 or 6))
        {
            throw new ArgumentException($"A cron expression has 5 fields (minute hour day-of-month month day-of-week, e.g. '0 8 * * 1-5') or 6 with seconds first; '{cron}' has {fields}.");
        }

        try
        {
            return CronExpression.Parse(cron!, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException bad)
        {
            throw new ArgumentException($"The cron expression '{cron}' cannot be read: {bad.Message}");
        }
    }

    public static TimeZoneInfo ParseTimeZone(string? zone)
    {
        if (string.IsNullOrWhiteSpace(zone))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"Unknown time zone '{zone}': name an IANA time zone such as 'Europe/Berlin', 'America/New_York' or 'UTC'.");
        }
    }

    /// <summary>Checks a whole spec; returns it with the time zone defaulted to UTC.</summary>
    public static ScheduleSpec Check(ScheduleSpec spec)
    {
        var problem = spec switch
        {
            { Name: var n } when string.IsNullOrWhiteSpace(n) || n.Length > MaxNameLength => $"Give the schedule a name of 1 to {MaxNameLength} characters.",
            { Kind: not (ScheduleKinds.Agent or ScheduleKinds.Sync) } => $"Unknown kind '{spec.Kind}': use \"{ScheduleKinds.Agent}\" (posts the prompt into a conversation) or \"{ScheduleKinds.Sync}\" (syncs an integration).",
            { Kind: ScheduleKinds.Agent, Prompt: var p } when string.IsNullOrWhiteSpace(p) || p.Length > MaxPromptLength => $"An agent schedule needs a prompt of 1 to {MaxPromptLength} characters: what to ask each time.",
            { Kind: ScheduleKinds.Sync, Integration: var i } when i is null || !IntegrationNames.Providers.Contains(i) =>
                $"A sync schedule names its integration as \"provider\": one of {string.Join(", ", IntegrationNames.Providers)}.",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        ParseCron(spec.Cron);
        return spec with { TimeZone = ParseTimeZone(spec.TimeZone).Id };
    }
}
