using Sophia.Integrations.Providers;
using Sophia.Telemetry;

namespace Sophia.Integrations;

/// <summary>
/// The sync into the tenant's memory: started by a call or by the schedule, run after it returns, one at a time. A
/// reminder ticks every minute while one runs, so a sync whose silo died is resumed from its last checkpoint on another.
/// </summary>
public sealed partial class IntegrationGrain : IRemindable
{
    private const string SyncReminder = "sync";
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromSeconds(1);

    private SyncProgress? _syncProgress;
    private Task _sync = Task.CompletedTask;

    public async Task<IntegrationStatus> StartSyncAsync()
    {
        var connection = Connected();
        if (!connection.Provider.Syncs)
        {
            throw new IntegrationRefusedException($"The integration {Name} does not sync into memory.");
        }

        if (state.State.AwaitingConsent)
        {
            throw new IntegrationRefusedException($"The integration {Name} waits for consent: GET /api/integrations/{IntegrationNames.ProviderOf(Name)}/connect first.");
        }

        if (_sync.IsCompleted)
        {
            state.State.Sync = (state.State.Sync ?? IntegrationSync.Never)
                with { State = SyncStates.Running, StartedAt = time.GetUtcNow(), Processed = 0, Synced = 0, Failed = 0, Pending = 0, LastError = null };
            await Writes.WriteAsync();
            await BeginSyncAsync(connection);
        }

        return Status();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SyncReminder || !_sync.IsCompleted)
        {
            return;
        }

        if (state.State is not { Connected: true, AwaitingConsent: false, Sync: { } sync })
        {
            await ScheduleAsync();
            return;
        }

        var resume = sync.State == SyncStates.Running;
        var due = sync.EveryMinutes is { } every && (sync.LastSyncAt is not { } last || last.AddMinutes(every) <= time.GetUtcNow().AddSeconds(30));
        if (resume || due)
        {
            logger.LogInformation("{Reason} the sync of {Integration} ({Tenant})", resume ? "Resuming" : "Scheduled", Name, Tenant);
            await (resume ? BeginSyncAsync(Connected()) : StartSyncAsync());
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The activation that ran this sync is gone (its silo died): go on from the last checkpoint.
        if (state.State is { Connected: true, AwaitingConsent: false, Sync.State: SyncStates.Running })
        {
            logger.LogInformation("Resuming the sync of {Integration} ({Tenant}) after its activation was lost", Name, Tenant);
            await BeginSyncAsync(Connected());
        }
    }

    private async Task BeginSyncAsync(Connection connection)
    {
        _syncProgress = new SyncProgress();
        _sync = RunSyncAsync(connection, _syncProgress);
        await ScheduleAsync();
    }

    /// <summary>Keeps the reminder to what the sync needs: every minute while one runs, the schedule's period otherwise, none without one.</summary>
    private async Task ScheduleAsync()
    {
        var period = state.State is { Connected: true, Sync: { } sync } && !state.State.AwaitingConsent
            ? sync.State == SyncStates.Running ? WatchPeriod : sync.EveryMinutes is { } every ? TimeSpan.FromMinutes(every) : (TimeSpan?)null
            : null;
        if (period is { } due)
        {
            await this.RegisterOrUpdateReminder(SyncReminder, due, due);
        }
        else if (await this.GetReminder(SyncReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task RunSyncAsync(Connection connection, SyncProgress progress)
    {
        // A sync may outlast the grain's idle time; it keeps the activation until it ends.
        DelayDeactivation(TimeSpan.FromHours(1));
        using var reporting = new CancellationTokenSource();
        var reporter = ReportProgressAsync(progress, reporting.Token);
        string? failure = null;
        try
        {
            await connection.Provider.SyncAsync(connection.Session, progress, CancellationToken.None);
            await RecordSuccessAsync();
        }
        catch (Exception ex) when (Describe(ex) is { } described)
        {
            failure = described;
            logger.LogWarning("Sync of {Integration} ({Tenant}) failed: {Failure}", Name, Tenant, described);
            await RecordErrorAsync(described);
            Automation.WebhookPublisher.Publish(GrainFactory, Tenant, Automation.WebhookEvents.SyncFailed, new { integration = Name, error = described }, time.GetUtcNow(), logger);
        }

        await reporting.CancelAsync();
        await reporter;
        SophiaDiagnostics.SyncItems.Add(progress.Documents, SophiaDiagnostics.Tag("provider", Name));
        SophiaDiagnostics.Syncs.Add(1, SophiaDiagnostics.Tag("provider", Name), SophiaDiagnostics.Tag("outcome", failure is null ? "succeeded" : "failed"));
        if (state.State.Sync is { } sync && ReferenceEquals(_connection, connection))
        {
            state.State.Sync = sync with
            {
                State = failure is null ? SyncStates.Idle : SyncStates.Failed,
                LastSyncAt = failure is null ? time.GetUtcNow() : sync.LastSyncAt,
                Documents = sync.Documents + progress.Documents,
                Processed = progress.Processed,
                Synced = progress.Documents,
                Failed = progress.Failed,
                Pending = failure is null ? 0 : progress.Pending,
                LastError = failure,
            };
            _syncProgress = null;
            await SaveProviderStateAsync();
            await ScheduleAsync();
            await PushProgressAsync();
        }

        DelayDeactivation(TimeSpan.Zero);
    }

    // The tenant memory's progress stream shows the sync's counts about once a second while it runs.
    private async Task ReportProgressAsync(SyncProgress progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await PushProgressAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The sync ended.
        }
    }

    private async Task PushProgressAsync()
    {
        if (Status() is { Sync: { } sync })
        {
            await TenantMemory.ReportSyncAsync(new IntegrationSyncProgress(Name, sync));
        }
    }
}
