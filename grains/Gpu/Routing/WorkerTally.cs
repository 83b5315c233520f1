namespace Sophia.Gpu.Routing;

/// <summary>What one embedding target (a worker, or the local model) is doing and has done; thread-safe.</summary>
public sealed class WorkerTally(string worker, string source, TimeProvider time)
{
    private readonly object _lock = new();
    private long _chunks, _batches, _failures, _outstanding;
    private TimeSpan _busy;
    private long _busySince;
    private DateTimeOffset? _failingUntil;
    private string? _lastError;

    public string Worker { get; } = worker;

    public string Source { get; } = source;

    public long Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _outstanding;
            }
        }
    }

    public bool IsFailing(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _failingUntil > now;
        }
    }

    public void Begin(int chunks)
    {
        lock (_lock)
        {
            if (_outstanding == 0)
            {
                _busySince = time.GetTimestamp();
            }

            _outstanding += chunks;
        }
    }

    public void Succeed(int chunks)
    {
        lock (_lock)
        {
            _chunks += chunks;
            _batches++;
            End(chunks);
        }
    }

    public void Fail(int chunks, string error, TimeSpan failingFor)
    {
        lock (_lock)
        {
            _failures++;
            _lastError = error;
            _failingUntil = time.GetUtcNow() + failingFor;
            End(chunks);
        }
    }

    public EmbeddingWorkerStats Snapshot()
    {
        lock (_lock)
        {
            var busy = _busy + (_outstanding > 0 ? time.GetElapsedTime(_busySince) : TimeSpan.Zero);
            var rate = busy > TimeSpan.Zero ? Math.Round(_chunks / busy.TotalSeconds, 1) : 0;
            return new EmbeddingWorkerStats(Worker, Source, _chunks, _batches, _failures, _outstanding, rate, _failingUntil, _lastError);
        }
    }

    private void End(int chunks)
    {
        _outstanding -= chunks;
        if (_outstanding == 0)
        {
            _busy += time.GetElapsedTime(_busySince);
        }
    }
}
