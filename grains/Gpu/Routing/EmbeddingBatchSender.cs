using Microsoft.Extensions.Options;
using Sophia.Memory.Embeddings;

namespace Sophia.Gpu.Routing;

/// <summary>
/// Embeds one batch: on the ready worker with the fewest chunks outstanding, then on the next one when that fails (marking
/// the failed one for a while), and on the local model when no worker is left. Vectors go back to their chunks' slots.
/// </summary>
public sealed class EmbeddingBatchSender(
    EmbeddingWorkers workers,
    EmbeddingWorkerClient client,
    LocalMiniLmEmbeddingGenerator local,
    IOptions<EmbeddingRoutingOptions> options,
    ILogger<EmbeddingBatchSender> logger)
{
    public async Task SendAsync(IReadOnlyList<PendingChunk> batch, CancellationToken stopping)
    {
        var texts = batch.Select(c => c.Text).ToArray();
        try
        {
            Complete(batch, await OnWorkersAsync(texts, stopping) ?? await LocallyAsync(texts, stopping));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A batch of {Count} chunks could not be embedded, not even by the local model", texts.Length);
            foreach (var request in batch.Select(c => c.Request).Distinct())
            {
                request.Fail(ex);
            }
        }
    }

    private async Task<float[][]?> OnWorkersAsync(string[] texts, CancellationToken stopping)
    {
        var tried = new HashSet<string>(StringComparer.Ordinal);
        while (await workers.PickAsync(tried) is { } worker)
        {
            tried.Add(worker.Worker);
            worker.Begin(texts.Length);
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.WorkerTimeoutSeconds));
                var vectors = await client.EmbedAsync(worker.Worker, texts, timeout.Token);
                worker.Succeed(texts.Length);
                return vectors;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                var reason = ex is OperationCanceledException ? $"no answer within {options.Value.WorkerTimeoutSeconds}s" : ex.Message;
                worker.Fail(texts.Length, reason, TimeSpan.FromSeconds(options.Value.FailingSeconds));
                logger.LogWarning("Embedding worker {Worker} failed a batch of {Count}; trying elsewhere: {Reason}", worker.Worker, texts.Length, reason);
            }
        }

        return null;
    }

    private async Task<float[][]> LocallyAsync(string[] texts, CancellationToken stopping)
    {
        workers.Local.Begin(texts.Length);
        try
        {
            var embeddings = await local.GenerateAsync(texts, cancellationToken: stopping);
            workers.Local.Succeed(texts.Length);
            return [.. embeddings.Select(e => e.Vector.ToArray())];
        }
        catch (Exception ex)
        {
            workers.Local.Fail(texts.Length, ex.Message, TimeSpan.Zero);
            throw;
        }
    }

    private static void Complete(IReadOnlyList<PendingChunk> batch, float[][] vectors)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Request.Set(batch[i].Slot, vectors[i]);
        }
    }
}
