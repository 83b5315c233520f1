using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sophia.Telemetry;

/// <summary>Sophia's own trace source and meter (both named <c>Sophia</c>).</summary>
public static class SophiaDiagnostics
{
    public const string Name = "Sophia";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> MessagesAppended = Meter.CreateCounter<long>("sophia.chat.messages", description: "User messages acknowledged");

    public static readonly Counter<long> TurnErrors = Meter.CreateCounter<long>("sophia.chat.turn_errors", description: "Turns that ended in an error event");

    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>("sophia.chat.turn_duration", unit: "s", description: "Time from a turn's start to its done or error event");

    public static readonly Counter<long> AuditEntriesLost = Meter.CreateCounter<long>(AuditEntriesLostName, description: "Audit entries whose write failed after their action happened");

    public const string AuditEntriesLostName = "sophia.audit.entries_lost";
}
