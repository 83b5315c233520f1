using Microsoft.Extensions.Options;

namespace Sophia.Gpu.Routing;

/// <summary>
/// A silo's embedding queue: callers' chunks wait until <see cref="EmbeddingRoutingOptions.BatchSize"/> of them do, or the
/// first has waited <see cref="EmbeddingRoutingOptions.MaxWaitMilliseconds"/>; then a batch (which may span callers)
/// leaves for <see cref="EmbeddingBatchSender"/>. The queue's depth goes to <see cref="PoolQueueReporter"/>.
/// </summary>
public sealed class EmbeddingDispatcher(
    EmbeddingBatchSender sender,
    EmbeddingWorkers workers,
    PoolQueueReporter reporter,
    IOptions<EmbeddingRoutingOptions> options,
    TimeProvider time) : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly Queue<PendingChunk> _waiting = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private long _inFlight;

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return Task.FromResult(Array.Empty<float[]>());
        }

        var request = new PendingRequest(texts.Count);
        var now = time.GetTimestamp();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            _loop ??= Task.Run(RunAsync);
            for (var i = 0; i < texts.Count; i++)
            {
                _waiting.Enqueue(new PendingChunk(request, i, texts[i], now));
            }
        }

        _signal.Release();
        ReportDepth();
        return request.Task;
    }

    /// <summary>Queue and workers; <see cref="EmbeddingRouterStats.Silo"/> is left for the caller to fill.</summary>
    public EmbeddingRouterStats Stats()
    {
        long waiting;
        lock (_lock)
        {
            waiting = _waiting.Count;
        }

        return new EmbeddingRouterStats("", options.Value.BatchSize, options.Value.MaxWaitMilliseconds,
            waiting, Interlocked.Read(ref _inFlight), workers.Snapshot());
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (TakeBatch(out var wait) is { } batch)
                {
                    Interlocked.Add(ref _inFlight, batch.Count);
                    _ = SendAsync(batch, stopping);
                }
                else
                {
                    await WaitForChunksAsync(wait, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // A full batch, or the waiting chunks once the oldest has waited long enough; otherwise null and how long to wait.
    private List<PendingChunk>? TakeBatch(out TimeSpan? wait)
    {
        var size = options.Value.BatchSize;
        lock (_lock)
        {
            wait = null;
            if (_waiting.Count == 0)
            {
                return null;
            }

            var waited = time.GetElapsedTime(_waiting.Peek().EnqueuedAt);
            if (_waiting.Count < size && waited < options.Value.MaxWait)
            {
                wait = options.Value.MaxWait - waited;
                return null;
            }

            var batch = new List<PendingChunk>(Math.Min(size, _waiting.Count));
            while (batch.Count < size && _waiting.TryDequeue(out var chunk))
            {
                batch.Add(chunk);
            }

            return batch;
        }
    }

    // Until a caller adds chunks, or (when some wait) until the oldest has waited MaxWait.
    private async Task WaitForChunksAsync(TimeSpan? wait, CancellationToken stopping)
    {
        if (wait is null)
        {
            await _signal.WaitAsync(stopping);
            return;
        }

        using var timer = new CancellationTokenSource(wait.Value, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, timer.Token);
        try
        {
            await _signal.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The oldest chunk has waited long enough: its batch leaves now.
        }
    }

    private async Task SendAsync(List<PendingChunk> batch, CancellationToken stopping)
    {
        try
        {
            await sender.SendAsync(batch, stopping);
        }
        finally
        {
            Interlocked.Add(ref _inFlight, -batch.Count);
            ReportDepth();
        }
    }

    private void ReportDepth()
    {
        long depth;
        lock (_lock)
        {
            depth = _waiting.Count + Interlocked.Read(ref _inFlight);
        }

        reporter.Report(depth);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
        }

        if (_loop is not null)
        {
            await _loop;
        }

        lock (_lock)
        {
            while (_waiting.TryDequeue(out var chunk))
            {
                chunk.Request.Fail(new ObjectDisposedException(nameof(EmbeddingDispatcher), "The silo is stopping."));
            }
        }
    }
}
