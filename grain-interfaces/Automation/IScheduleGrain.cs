namespace Sophia.Automation;

/// <summary>One cron schedule (key <c>tenant/scheduleId</c>): fires once per occurrence, woken by a reminder.</summary>
[Alias("sophia.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Creates the schedule for <paramref name="owner"/> and registers its reminder; an invalid spec throws <see cref="ArgumentException"/> saying what to fix.</summary>
    [Alias("Create")]
    Task<ScheduleStatus> CreateAsync(string owner, ScheduleSpec spec);

    /// <summary>The schedule, or null when there is none.</summary>
    [Alias("Get"), ReadOnly]
    Task<ScheduleStatus?> GetAsync();

    /// <summary>Pauses (no runs, missed occurrences skipped) or resumes it; null when there is none.</summary>
    [Alias("SetPaused")]
    Task<ScheduleStatus?> SetPausedAsync(bool paused);

    /// <summary>Removes the schedule and its reminder; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
