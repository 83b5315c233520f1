using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sophia.Gpu;
using Sophia.Gpu.Lambda;
using Sophia.Gpu.Routing;
using Sophia.Tests.Memory;

namespace Sophia.Tests.Gpu;

/// <summary>The dispatcher on its own, with a fake clock: how chunks are grouped, and how a worker's answer is trusted.</summary>
public sealed class EmbeddingDispatcherTests(LocalModelFixture model) : IClassFixture<LocalModelFixture>
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Chunks_wait_for_a_full_batch_or_the_wait_limit_and_go_back_to_their_own_slots()
    {
        await using var dispatcher = Dispatcher(batchSize: 4);
        var (first, second) = (EmbeddingCorpus.Texts(3, seed: 31), EmbeddingCorpus.Texts(3, seed: 32));

        var a = dispatcher.EmbedAsync(first);
        Assert.Equal((3L, false), (dispatcher.Stats().Waiting, a.IsCompleted));
        var b = dispatcher.EmbedAsync(second);
        var vectorsA = await Within.Wait(a, "a full batch (3 chunks of a, 1 of b) to leave without the clock moving");
        Assert.Equal((2L, false), (dispatcher.Stats().Waiting, b.IsCompleted));
        var vectorsB = await Within.Wait(AdvanceUntil(b), "the rest of b to leave once it has waited 20 ms");

        await EmbeddingCorpus.AssertInSlotsAsync(first, vectorsA);
        await EmbeddingCorpus.AssertInSlotsAsync(second, vectorsB);
        var local = Assert.Single(dispatcher.Stats().Workers);
        Assert.Equal(("local", 6L, 2L, 0L), (local.Worker, local.Chunks, local.Batches, local.Outstanding));
    }

    [Fact]
    public async Task A_large_request_spans_batches()
    {
        await using var dispatcher = Dispatcher(batchSize: 4);
        var texts = EmbeddingCorpus.Texts(10, seed: 33);

        var vectors = await Within.Wait(AdvanceUntil(dispatcher.EmbedAsync(texts)), "10 chunks in batches of 4");

        await EmbeddingCorpus.AssertInSlotsAsync(texts, vectors);
        Assert.Equal(3, dispatcher.Stats().Workers.Single().Batches);
    }

    [Fact]
    public async Task A_worker_answering_out_of_order_still_puts_every_vector_in_its_slot()
    {
        await using var worker = await ScriptedWorker.StartAsync(WorkerAnswer.Reversed);
        await using var dispatcher = Dispatcher(batchSize: 8, worker.BaseUrl);
        var texts = EmbeddingCorpus.Texts(8, seed: 34);

        var vectors = await Within.Wait(dispatcher.EmbedAsync(texts), "a batch from the worker");

        await EmbeddingCorpus.AssertInSlotsAsync(texts, vectors);
        Assert.Equal(8, dispatcher.Stats().Workers.Single(w => w.Worker == worker.BaseUrl).Chunks);
    }

    [Theory]
    [InlineData(WorkerAnswer.RepeatedIndex, "index")]
    [InlineData(WorkerAnswer.ShortVectors, "384")]
    public async Task A_worker_answering_wrongly_fails_and_the_local_model_redoes_the_batch(WorkerAnswer answer, string reason)
    {
        await using var worker = await ScriptedWorker.StartAsync(answer);
        await using var dispatcher = Dispatcher(batchSize: 8, worker.BaseUrl);
        var texts = EmbeddingCorpus.Texts(8, seed: 35);

        var vectors = await Within.Wait(dispatcher.EmbedAsync(texts), "the batch to be redone locally");

        await EmbeddingCorpus.AssertInSlotsAsync(texts, vectors);
        var stats = dispatcher.Stats().Workers.ToDictionary(w => w.Worker);
        Assert.Equal((0L, 1L), (stats[worker.BaseUrl].Chunks, stats[worker.BaseUrl].Failures));
        Assert.Contains(reason, stats[worker.BaseUrl].LastError);
        Assert.Equal(8, stats["local"].Chunks);
    }

    // The dispatcher's wait may start just before or after an advance: move the clock until the task is done.
    private async Task<T> AdvanceUntil<T>(Task<T> task)
    {
        while (!task.IsCompleted)
        {
            _time.Advance(TimeSpan.FromMilliseconds(20));
            await Task.WhenAny(task, Task.Delay(10));
        }

        return await task;
    }

    private EmbeddingDispatcher Dispatcher(int batchSize, params string[] workerUrls)
    {
        var routing = Options.Create(new EmbeddingRoutingOptions { BatchSize = batchSize, MaxWaitMilliseconds = 20, Workers = [.. workerUrls] });
        var pool = Options.Create(new GpuPoolOptions());
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        // No Lambda key: the pool is off, so the grain factory is never used.
        var workers = new EmbeddingWorkers(routing, pool, Options.Create(new LambdaCloudOptions()), null!, _time, NullLogger<EmbeddingWorkers>.Instance);
        var sender = new EmbeddingBatchSender(workers, new EmbeddingWorkerClient(http, pool), model.Model, routing, NullLogger<EmbeddingBatchSender>.Instance);
        var reporter = new PoolQueueReporter(workers, pool, null!, null!, _time, NullLogger<PoolQueueReporter>.Instance);
        return new EmbeddingDispatcher(sender, workers, reporter, routing, _time);
    }
}
