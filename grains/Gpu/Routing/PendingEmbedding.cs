namespace Sophia.Gpu.Routing;

/// <summary>One caller's texts: its vectors are filled slot by slot, by whichever batches carry them.</summary>
public sealed class PendingRequest(int count)
{
    private readonly float[][] _vectors = new float[count][];
    private readonly TaskCompletionSource<float[][]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining = count;

    public Task<float[][]> Task => _done.Task;

    public void Set(int slot, float[] vector)
    {
        _vectors[slot] = vector;
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult(_vectors);
        }
    }

    public void Fail(Exception error) => _done.TrySetException(error);
}

/// <summary>One text waiting for a batch, with the request and slot its vector goes back to.</summary>
public sealed record PendingChunk(PendingRequest Request, int Slot, string Text, long EnqueuedAt);
