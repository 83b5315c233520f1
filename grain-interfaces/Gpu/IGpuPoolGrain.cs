namespace Sophia.Gpu;

/// <summary>The GPU pool of one region (key: the region): leases Lambda Cloud instances and converges them to demand.</summary>
[Alias("sophia.IGpuPoolGrain")]
public interface IGpuPoolGrain : IGrainWithStringKey
{
    /// <summary>Registers the pool's reconcile reminder; safe to call from every silo at start.</summary>
    [Alias("EnsureStarted")]
    Task EnsureStartedAsync();

    /// <summary>Runs one reconcile pass now and returns the status after it.</summary>
    [Alias("Reconcile")]
    Task<GpuPoolStatus> ReconcileAsync();

    /// <summary>Asks for a reconcile pass soon, without waiting for it.</summary>
    [Alias("RequestReconcile"), OneWay]
    Task RequestReconcileAsync();

    /// <summary>The pool's leases, spend and settings.</summary>
    [Alias("GetStatus"), AlwaysInterleave]
    Task<GpuPoolStatus> GetStatusAsync();

    /// <summary>Tells the pool how many chunks wait to be embedded at <paramref name="reporter"/> (a silo); the region's depth is the sum over silos.</summary>
    [Alias("ReportQueueDepth"), AlwaysInterleave]
    Task ReportQueueDepthAsync(string reporter, long chunks);

    /// <summary>Sets the operator's desired instance count (null: derive it from the queue again).</summary>
    [Alias("SetDesiredCount")]
    Task<GpuPoolStatus> SetDesiredCountAsync(int? count);

    /// <summary>Pauses (true) or resumes (false) launching; running instances keep their idle timeout.</summary>
    [Alias("SetPaused")]
    Task<GpuPoolStatus> SetPausedAsync(bool paused);

    /// <summary>The workers whose health check answers, for routing embedding batches.</summary>
    [Alias("GetReadyWorkers"), AlwaysInterleave]
    Task<IReadOnlyList<GpuWorker>> GetReadyWorkersAsync();
}
