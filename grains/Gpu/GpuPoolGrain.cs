using Microsoft.Extensions.Options;
using Sophia.Gpu.Lambda;
using Sophia.Ops;
using Sophia.Telemetry;

namespace Sophia.Gpu;

/// <summary>
/// A region's GPU pool: a reconciler that derives the wanted set of Lambda instances from the embedding queue, the
/// operator's settings, the spend cap and the idle timeout, and converges the real set to it on a reminder or on demand.
/// </summary>
public sealed partial class GpuPoolGrain(
    [PersistentState("gpupool", "sophia")] IPersistentState<GpuPoolState> state,
    LambdaCloudClient lambda,
    GpuWorkerProbe probe,
    IOptions<GpuPoolOptions> options,
    IOptions<LambdaCloudOptions> lambdaOptions,
    TimeProvider time,
    ILogger<GpuPoolGrain> logger) : Grain, IGpuPoolGrain, IRemindable
{
    private const string ReminderName = "gpu-reconcile";
    private const int TerminatedLeasesKept = 50;
    private static readonly TimeSpan QueueReportLifetime = TimeSpan.FromMinutes(2);

    private readonly Dictionary<string, (long Chunks, DateTimeOffset At)> _queueReports = [];

    private const string NotConfigured =
        "The GPU pool is off: set Sophia:Gpu:Lambda:ApiKey and Sophia:Gpu:Lambda:SshKeyName to lease Lambda Cloud instances.";

    private GpuPoolOptions Options => options.Value;

    private List<GpuLease> Leases => state.State.Leases;

    private string Region => this.GetPrimaryKeyString();

    public async Task EnsureStartedAsync()
    {
        if (lambdaOptions.Value.IsConfigured)
        {
            var period = TimeSpan.FromSeconds(Options.ReconcileIntervalSeconds);
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!lambdaOptions.Value.IsConfigured)
        {
            // The API key was removed since the reminder was registered: nothing to reconcile any more.
            if (await this.GetReminder(reminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            return;
        }

        await ReconcileAsync();
    }

    public Task RequestReconcileAsync() => ReconcileAsync();

    public Task<GpuPoolStatus> GetStatusAsync() => Task.FromResult(Status());

    public Task ReportQueueDepthAsync(string reporter, long chunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        var now = time.GetUtcNow();
        _queueReports[reporter] = (chunks, now);
        // A silo that stopped reporting (it died, or its queue has been still for long) no longer counts.
        foreach (var stale in _queueReports.Where(r => now - r.Value.At > QueueReportLifetime).Select(r => r.Key).ToList())
        {
            _queueReports.Remove(stale);
        }

        state.State.QueueDepth = _queueReports.Values.Sum(r => r.Chunks);
        if (chunks > 0)
        {
            state.State.LastDemandAt = time.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    public async Task<GpuPoolStatus> SetDesiredCountAsync(int? count)
    {
        if (count is < 0 || count > Options.MaxInstances)
        {
            throw new ArgumentException(
                $"The desired count must be between 0 and {Options.MaxInstances} (Sophia:Gpu:MaxInstances), or null to follow the embedding queue; got {count}.");
        }

        state.State.DesiredOverride = count;
        await state.WriteStateAsync();
        return Status();
    }

    public async Task<GpuPoolStatus> SetPausedAsync(bool paused)
    {
        state.State.Paused = paused;
        await state.WriteStateAsync();
        return Status();
    }

    public Task<IReadOnlyList<GpuWorker>> GetReadyWorkersAsync() => Task.FromResult<IReadOnlyList<GpuWorker>>(
        Leases.Where(l => l is { State: GpuLeaseState.Ready, Endpoint: not null }).Select(l => new GpuWorker(l.Id, l.Endpoint!)).ToList());

    public async Task<GpuPoolStatus> ReconcileAsync()
    {
        if (!lambdaOptions.Value.IsConfigured)
        {
            state.State.LastError = NotConfigured;
            return Status();
        }

        _problem = null;
        _offers = null;
        try
        {
            var names = Names();
            var owned = (await lambda.ListInstancesAsync()).Where(i => names.LeaseIdOf(i.Name) is not null).ToList();
            await ObserveAsync(owned, names);
            await ConvergeAsync(names);
            state.State.LastError = _problem;
        }
        catch (Exception ex) when (ex is LambdaApiException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            logger.LogWarning("GPU pool {Region} could not reconcile: {Reason}", Region, ex.Message);
            state.State.LastError = ex.Message;
        }

        state.State.LastReconciledAt = time.GetUtcNow();
        Prune();
        await state.WriteStateAsync();
        var status = Status();
        var region = SophiaDiagnostics.Tag("region", Region);
        SophiaDiagnostics.GpuLeases.Record(Leases.Count(l => l.IsLive), region);
        SophiaDiagnostics.GpuSpendRate.Record(status.SpendCentsPerHour, region);
        SophiaDiagnostics.GpuSpendCap.Record(status.SpendCapCentsPerHour, region);
        await GrainFactory.GetGrain<IOpsMetricsGrain>(0).RecordGpuSpendAsync(
            new GpuSpendSample(Region, status.LastReconciledAt!.Value, status.SpendCentsPerHour, status.SpentCents, Leases.Count(l => l.IsLive)));
        return status;
    }

    private GpuInstanceNames Names() => GpuInstanceNames.IsWellFormedPart(Region)
        ? new GpuInstanceNames(Options.ClusterId, Region)
        : throw new ArgumentException($"GPU pool key '{Region}' is not a region name (1-20 lowercase letters, digits or '-').");

    private GpuPoolStatus Status()
    {
        var now = time.GetUtcNow();
        var running = Leases.Count(IsWanted);
        return new GpuPoolStatus(
            Region,
            lambdaOptions.Value.IsConfigured,
            state.State.Paused,
            state.State.DesiredOverride,
            GpuPoolPlanner.Desired(state.State, Options, running, now),
            state.State.QueueDepth,
            Options.MaxInstances,
            Options.SpendCapCentsPerHour,
            Leases.Where(l => l.IsLive && l.LaunchedAt is not null).Sum(l => l.PriceCentsPerHour),
            state.State.RetiredSpentCents + Leases.Sum(l => l.SpentCents(now)),
            Leases.ToList(),
            state.State.LastReconciledAt,
            state.State.LastError);
    }

    private static bool IsWanted(GpuLease lease) =>
        lease.State is GpuLeaseState.Requested or GpuLeaseState.Launching or GpuLeaseState.Booting or GpuLeaseState.Ready;

    private void Replace(GpuLease lease) => Leases[Leases.FindIndex(l => l.Id == lease.Id)] = lease;

    private GpuLease Terminated(GpuLease lease, string? note) =>
        lease with { State = GpuLeaseState.Terminated, Endpoint = null, TerminatedAt = lease.TerminatedAt ?? time.GetUtcNow(), Note = note ?? lease.Note };

    private void Prune()
    {
        var old = Leases.Where(l => !l.IsLive).OrderByDescending(l => l.TerminatedAt).Skip(TerminatedLeasesKept).ToList();
        foreach (var lease in old)
        {
            state.State.RetiredSpentCents += lease.SpentCents(time.GetUtcNow());
            Leases.Remove(lease);
        }
    }
}
