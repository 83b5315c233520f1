using System.Threading.Channels;
using Sophia.Memory;

namespace Sophia.ClientApi.Memory;

/// <summary>Receives a memory scope's progress events for one HTTP event stream.</summary>
public sealed class ProgressChannel : IMemoryObserver
{
    private readonly Channel<IngestionProgress> _events = Channel.CreateBounded<IngestionProgress>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });

    public Task OnProgressAsync(IngestionProgress progress)
    {
        _events.Writer.TryWrite(progress);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<IngestionProgress> ReadAllAsync(CancellationToken cancellationToken) => _events.Reader.ReadAllAsync(cancellationToken);
}
