namespace Sophia.Tenancy;

/// <summary>
/// Writes of one persistent state from calls that interleave: each write starts after the one before it ended, so two
/// never race on the state's etag, and each writes the state as it is by then.
/// </summary>
internal sealed class SerialWrites(Func<Task> write)
{
    private Task _last = Task.CompletedTask;

    public Task WriteAsync() => _last = AfterAsync(_last);

    private async Task AfterAsync(Task previous)
    {
        // The earlier write's failure belongs to its own caller; this one writes the state anew.
        await previous.ContinueWith(_ => { }, TaskScheduler.Current);
        await write();
    }
}
