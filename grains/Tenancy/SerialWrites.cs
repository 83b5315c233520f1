namespace Sophia.Tenancy;

/// <summary>
/// Writes of one persistent state from calls that interleave: each write starts after the one before it ended, so two
/// never race on the state's etag, and each writes the state as it is by then. Changes made while a write runs share
/// the one write queued behind it (it has not read the state yet, so it carries them all): a busy tenant's spends
/// cost one write per disk flush, not one each.
/// </summary>
internal sealed class SerialWrites(Func<Task> write)
{
    private Task _writing = Task.CompletedTask;
    private Task? _queued;

    /// <summary>Completes once a write that started after this call has ended.</summary>
    public Task WriteAsync() => _queued ??= WriteAfterAsync(_writing);

    private async Task WriteAfterAsync(Task previous)
    {
        // The earlier write's failure belongs to its own callers; this one writes the state anew.
        await previous.ContinueWith(_ => { }, TaskScheduler.Current);
        _queued = null;
        _writing = write();
        await _writing;
    }
}
