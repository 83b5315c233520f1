using System.Threading.Channels;

namespace Sophia.Storage;

/// <summary>One write waiting for its transaction, and how it ended.</summary>
public sealed class GroupedWrite<TWork>(TWork work, CancellationToken cancellationToken)
{
    internal TaskCompletionSource<object?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal CancellationToken CancellationToken => cancellationToken;

    public TWork Work => work;

    public void Succeed(object? result = null) => Outcome.TrySetResult(result);

    public void Fail(Exception error) => Outcome.TrySetException(error);
}

/// <summary>
/// Group commit: writes that arrive while a transaction commits wait and go into the next one together, so many
/// conversations and grains share one disk flush. Each caller returns only once the transaction holding its write
/// committed, with its own result or its own failure: how one refused write is kept from failing the others is the
/// committer's (a savepoint each, or a retry one by one).
/// </summary>
public sealed class GroupCommit<TWork> : IAsyncDisposable, IDisposable
{
    private const int MostPerTransaction = 512;
    private readonly Channel<GroupedWrite<TWork>> _queue = Channel.CreateUnbounded<GroupedWrite<TWork>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<GroupedWrite<TWork>>, Task> _commit;
    private readonly Task _committer;

    /// <param name="commit">Writes the writes given in one transaction and tells each how it ended; a throw fails those it did not tell.</param>
    public GroupCommit(Func<IReadOnlyList<GroupedWrite<TWork>>, Task> commit)
    {
        _commit = commit;
        _committer = Task.Run(CommitAllAsync);
    }

    /// <summary>Returns once the write is durable, with what the committer answered for it; throws what failed it.</summary>
    public Task<object?> WriteAsync(TWork work, CancellationToken cancellationToken)
    {
        var write = new GroupedWrite<TWork>(work, cancellationToken);
        return _queue.Writer.TryWrite(write) ? write.Outcome.Task : Task.FromException<object?>(new ObjectDisposedException(nameof(GroupCommit<TWork>)));
    }

    private async Task CommitAllAsync()
    {
        var batch = new List<GroupedWrite<TWork>>(MostPerTransaction);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MostPerTransaction && _queue.Reader.TryRead(out var write))
            {
                // A caller that gave up before its write was taken gets its cancellation; once taken, it gets the outcome.
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Outcome.TrySetCanceled(write.CancellationToken);
                    continue;
                }

                batch.Add(write);
            }

            try
            {
                await _commit(batch);
            }
            catch (Exception e)
            {
                batch.ForEach(w => w.Fail(e));
            }

            batch.ForEach(w => w.Succeed());
        }
    }

    /// <summary>Takes no more writes and returns once those already taken are written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _committer;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
