using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Sophia.Telemetry;

/// <summary>
/// Sophia's own trace source and meter (both named <c>Sophia</c>). Labels name tenants, models, tools, providers and
/// regions only: never a user, a message or an exception's text, since <c>/metrics</c> is read without signing in.
/// </summary>
public static class SophiaDiagnostics
{
    public const string Name = "Sophia";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> MessagesAppended = Meter.CreateCounter<long>("sophia.chat.messages", "{message}", "User messages acknowledged");

    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("sophia.chat.turns", "{turn}", "Turns that ended, by outcome (answered, failed)");

    public static readonly Counter<long> TurnErrors = Meter.CreateCounter<long>("sophia.chat.turn_errors", "{turn}", "Turns that ended in an error event, by kind (model, quota, internal)");

    // From a cached answer (milliseconds) to a long tool-using plan (minutes); the p99 objective (30 s) is a boundary.
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram("sophia.chat.turn_duration", "s", "Time from a turn's start to its done or error event",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120] });

    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>("sophia.model.tokens", "{token}", "Model tokens used by turns, by tenant, model and direction (input, output)");

    public static readonly Counter<long> ToolCalls = Meter.CreateCounter<long>("sophia.tools.calls", "{call}", "Tool calls that ran or were refused, by tool and outcome (succeeded, failed, refused)");

    public static readonly Counter<long> ChunksStored = Meter.CreateCounter<long>("sophia.memory.chunks_stored", "{chunk}", "Chunks embedded and stored by ingestion, by tenant");

    public static readonly Counter<long> SyncItems = Meter.CreateCounter<long>("sophia.integrations.sync_items", "{document}", "Documents an integration sync brought into memory, by provider");

    public static readonly Counter<long> Syncs = Meter.CreateCounter<long>("sophia.integrations.syncs", "{sync}", "Integration syncs that ended, by provider and outcome (succeeded, failed)");

    public static readonly Gauge<long> GpuLeases = Meter.CreateGauge<long>("sophia.gpu.leases", "{instance}", "Live GPU leases of a region's pool at its last reconcile");

    public static readonly Gauge<long> GpuSpendRate = Meter.CreateGauge<long>("sophia.gpu.spend_cents_per_hour", null, "What a region's live GPU leases bill, in cents an hour, at its last reconcile");

    public static readonly Gauge<long> GpuSpendCap = Meter.CreateGauge<long>("sophia.gpu.spend_cap_cents_per_hour", null, "A region's GPU spend cap (Sophia:Gpu:SpendCapCentsPerHour)");

    public static readonly Counter<long> AuditEntriesLost = Meter.CreateCounter<long>(AuditEntriesLostName, description: "Audit entries whose write failed after their action happened");

    public const string AuditEntriesLostName = "sophia.audit.entries_lost";

    public static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
