namespace Sophia.Tenancy;

/// <summary>
/// A quota ledger's writes, taken off each spend: a spend changes the ledger in memory, where every check and read
/// finds it, and the ledger is written at most once per <see cref="FlushEvery"/> and when the grain deactivates. A
/// silo that dies without deactivating loses at most that long of counted usage; limits and overrides are written
/// when they are set, as before.
/// </summary>
internal sealed class LedgerWrites(IGrainBase grain, Func<Task> write)
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(1);

    private IGrainTimer? _timer;
    private bool _changed;

    public void Changed()
    {
        _changed = true;
        _timer ??= grain.RegisterGrainTimer(_ => FlushAsync(), new GrainTimerCreationOptions(FlushEvery, FlushEvery));
    }

    public async Task FlushAsync()
    {
        if (!_changed)
        {
            return;
        }

        _changed = false;
        try
        {
            await write();
        }
        catch
        {
            _changed = true;
            throw;
        }
    }
}
