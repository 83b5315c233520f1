using System.Threading.Channels;
using Sophia.Integrations;
using Sophia.Memory;

namespace Sophia.ClientApi.Memory;

/// <summary>Receives a memory scope's progress events for one HTTP event stream: each with its event name and payload.</summary>
public sealed class ProgressChannel : IMemoryObserver
{
    private readonly Channel<(string Event, object Data)> _events = Channel.CreateBounded<(string, object)>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    public Task OnProgressAsync(IngestionProgress progress)
    {
        _events.Writer.TryWrite(("progress", progress));
        return Task.CompletedTask;
    }

    public Task OnSyncProgressAsync(IntegrationSyncProgress progress)
    {
        _events.Writer.TryWrite(("sync", new
        {
            integration = progress.Integration,
            state = progress.Sync.State,
            synced = progress.Sync.Synced,
            pending = progress.Sync.Pending,
            failed = progress.Sync.Failed,
            processed = progress.Sync.Processed,
        }));
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<(string Event, object Data)> ReadAllAsync(CancellationToken cancellationToken) => _events.Reader.ReadAllAsync(cancellationToken);
}
