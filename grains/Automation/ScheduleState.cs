namespace Sophia.Automation;

/// <summary>What a schedule grain persists.</summary>
[GenerateSerializer, Alias("sophia.ScheduleState")]
public sealed class ScheduleState
{
    [Id(0)] public ScheduleSpec? Spec { get; set; }
    [Id(1)] public string Owner { get; set; } = "";
    [Id(2)] public bool Paused { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Occurrences up to this one are done (or were skipped): the next run is for a later one.</summary>
    [Id(4)] public DateTimeOffset? LastOccurrence { get; set; }
    [Id(5)] public DateTimeOffset? LastRunAt { get; set; }
    [Id(6)] public string? LastError { get; set; }
    [Id(7)] public int Runs { get; set; }
}
