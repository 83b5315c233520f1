namespace Sophia.Integrations.Providers;

/// <summary>
/// Counts a sync reports as it goes: shown by <c>GET /api/integrations/{provider}</c> and pushed to the tenant memory's
/// progress stream.
/// </summary>
public sealed class SyncProgress
{
    private int _documents;
    private int _processed;
    private int _failed;
    private int _pending;

    /// <summary>Documents written into memory (new or changed): the <c>synced</c> count.</summary>
    public int Documents => _documents;

    /// <summary>Items looked at (written, found unchanged or removed).</summary>
    public int Processed => _processed;

    /// <summary>Records that could not be written (a record the provider would not give); the sync goes on without them.</summary>
    public int Failed => _failed;

    /// <summary>Records the provider still has for this run, as far as it told (a search's total, a page's count).</summary>
    public int Pending => _pending;

    public void Wrote() => Interlocked.Increment(ref _documents);

    public void Looked() => Interlocked.Increment(ref _processed);

    public void Fail() => Interlocked.Increment(ref _failed);

    /// <summary>Sets what is left to look at; a provider that knows its total calls it after each page.</summary>
    public void SetPending(int pending) => Volatile.Write(ref _pending, Math.Max(0, pending));
}
