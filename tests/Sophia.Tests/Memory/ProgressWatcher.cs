using System.Threading.Channels;
using Sophia.Integrations;
using Sophia.Memory;

namespace Sophia.Tests.Memory;

/// <summary>Collects a memory scope's progress events and waits for the one a test expects.</summary>
public sealed class ProgressWatcher : IMemoryObserver
{
    private readonly Channel<IngestionProgress> _events = Channel.CreateUnbounded<IngestionProgress>();

    private readonly Channel<IntegrationSyncProgress> _syncs = Channel.CreateUnbounded<IntegrationSyncProgress>();

    public List<IngestionProgress> Seen { get; } = [];

    public Task OnProgressAsync(IngestionProgress progress)
    {
        _events.Writer.TryWrite(progress);
        return Task.CompletedTask;
    }

    public Task OnSyncProgressAsync(IntegrationSyncProgress progress)
    {
        _syncs.Writer.TryWrite(progress);
        return Task.CompletedTask;
    }

    /// <summary>Reads an integration's sync events until one matches; returns it.</summary>
    public Task<IntegrationSyncProgress> WaitForSync(Func<IntegrationSyncProgress, bool> match, string what, TimeSpan? timeout = null)
    {
        async Task<IntegrationSyncProgress> Read()
        {
            await foreach (var progress in _syncs.Reader.ReadAllAsync())
            {
                if (match(progress))
                {
                    return progress;
                }
            }

            throw new InvalidOperationException("The progress channel closed.");
        }

        return Within.Wait(Read(), what, timeout ?? TimeSpan.FromSeconds(120));
    }

    /// <summary>Reads events until one matches; returns it.</summary>
    public Task<IngestionProgress> WaitFor(Func<IngestionProgress, bool> match, string what, TimeSpan? timeout = null)
    {
        async Task<IngestionProgress> Read()
        {
            await foreach (var progress in _events.Reader.ReadAllAsync())
            {
                Seen.Add(progress);
                if (match(progress))
                {
                    return progress;
                }
            }

            throw new InvalidOperationException("The progress channel closed.");
        }

        return Within.Wait(Read(), what, timeout ?? TimeSpan.FromSeconds(120));
    }

    /// <summary>Waits until the document's ingestion reports it stored.</summary>
    public Task<IngestionProgress> Stored(string documentId, string name) =>
        WaitFor(p => p.Status.DocumentId == documentId && p.Status.State == IngestionStates.Stored, $"the progress event saying '{name}' is stored");
}
