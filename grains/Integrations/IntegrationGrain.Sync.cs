using Sophia.Integrations.Providers;

namespace Sophia.Integrations;

/// <summary>The sync into the tenant's memory: started by a call, run after it returns, one at a time.</summary>
public sealed partial class IntegrationGrain
{
    private SyncProgress? _syncProgress;
    private Task _sync = Task.CompletedTask;

    public async Task<IntegrationStatus> StartSyncAsync()
    {
        var connection = Connected();
        if (!connection.Provider.Syncs)
        {
            throw new IntegrationRefusedException($"The integration {Name} does not sync into memory.");
        }

        if (_sync.IsCompleted)
        {
            _syncProgress = new SyncProgress();
            state.State.Sync = (state.State.Sync ?? new IntegrationSync(IntegrationSync.Idle, null, null, 0, 0, null))
                with { State = IntegrationSync.Running, StartedAt = time.GetUtcNow(), Processed = 0, LastError = null };
            await Writes.WriteAsync();
            _sync = RunSyncAsync(connection, _syncProgress);
        }

        return Status();
    }

    private async Task RunSyncAsync(Connection connection, SyncProgress progress)
    {
        // A sync may outlast the grain's idle time; it keeps the activation until it ends.
        DelayDeactivation(TimeSpan.FromHours(1));
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
        }

        if (state.State.Sync is { } sync && ReferenceEquals(_connection, connection))
        {
            state.State.Sync = sync with
            {
                State = failure is null ? IntegrationSync.Idle : IntegrationSync.Failed,
                LastSyncAt = failure is null ? time.GetUtcNow() : sync.LastSyncAt,
                Documents = sync.Documents + progress.Documents,
                Processed = progress.Processed,
                LastError = failure,
            };
            _syncProgress = null;
            await SaveProviderStateAsync();
        }

        DelayDeactivation(TimeSpan.Zero);
    }
}
