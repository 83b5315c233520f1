using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Orleans.TestingHost;
using Sophia.Memory;
using Sophia.Memory.Chunking;
using Sophia.Memory.Embeddings;
using Sophia.Tests.Infrastructure;
using Sophia.Tests.Memory;

namespace Sophia.Benchmarks;

/// <summary>
/// Ingestion through the memory grain (extract, chunk, embed, write L2 and L3, progress events) against the raw ONNX model
/// running the same chunks, already tokenized, in the same batch size, in the same process. Rounds alternate the two on
/// fresh corpora (so the L1 cache never helps), which keeps a busy machine's noise out of the ratio.
/// </summary>
public static class IngestionThroughputBenchmark
{
    private const int Rounds = 3;

    public static async Task<int> RunAsync(int documents)
    {
        var options = new MemoryOptions();
        var chunker = new TextChunker(MiniLmModel.Tokenizer, options.ChunkTokens, options.ChunkOverlapTokens);
        using var data = new TempFolder();
        var cluster = await MemoryClusterFixture.StartAsync(data.Path, new Dictionary<string, string?>
        {
            ["Sophia:Memory:ChunkTokens"] = options.ChunkTokens.ToString(),
            ["Sophia:Memory:ChunkOverlapTokens"] = options.ChunkOverlapTokens.ToString(),
            ["Sophia:Memory:EmbeddingBatchSize"] = options.EmbeddingBatchSize.ToString(),
        });
        try
        {
            using var raw = new RawModel();
            await IngestAsync(cluster, [MemoryCorpus.LongDocument("warmup.txt", 40, seed: 7)]);
            raw.Run([.. chunker.Split(MemoryCorpus.Filler(7, 40)).Select(c => c.Text)], options.EmbeddingBatchSize);

            double rawSeconds = 0, ingestSeconds = 0;
            var ratios = new List<double>();
            var chunkCount = 0;
            for (var round = 1; round <= Rounds; round++)
            {
                var uploads = Enumerable.Range(1, documents).Select(i => MemoryCorpus.LongDocument($"report-{round}-{i}.txt", 120, seed: (round * 1000) + i)).ToList();
                var chunks = uploads.SelectMany(u => chunker.Split(DocumentText.Extract(u.Name, DocumentText.PlainText, u.Content))).Select(c => c.Text).ToList();
                var rawTime = raw.Run(chunks, options.EmbeddingBatchSize);
                var ingestTime = await IngestAsync(cluster, uploads);
                (rawSeconds, ingestSeconds, chunkCount) = (rawSeconds + rawTime, ingestSeconds + ingestTime, chunkCount + chunks.Count);
                ratios.Add(rawTime / ingestTime);
                Console.WriteLine($"round {round}: {chunks.Count} chunks; raw model {chunks.Count / rawTime:0.0} chunks/s, ingestion {chunks.Count / ingestTime:0.0} chunks/s, ratio {rawTime / ingestTime:P1}");
            }

            Console.WriteLine($"{documents} documents a round, chunks of up to {options.ChunkTokens} tokens, batches of {options.EmbeddingBatchSize}, {Environment.ProcessorCount} cores");
            Console.WriteLine($"raw ONNX model {chunkCount / rawSeconds:0.0} chunks/s, ingestion through the memory grain {chunkCount / ingestSeconds:0.0} chunks/s");
            Console.WriteLine($"ingestion / raw model: {rawSeconds / ingestSeconds:P1} overall, median round {Percentiles.Of(ratios, 50):P1} (target >= 90 %)");
            return 0;
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    // From the first upload to the last document's "stored" event.
    private static async Task<double> IngestAsync(InProcessTestCluster cluster, IReadOnlyList<DocumentUpload> uploads)
    {
        var memory = cluster.Client.GetGrain<IMemoryGrain>(MemoryScopes.Key("bench", MemoryScopes.Tenant));
        var watcher = new ProgressWatcher();
        var reference = cluster.Client.CreateObjectReference<IMemoryObserver>(watcher);
        await memory.SubscribeAsync(reference);
        var clock = Stopwatch.StartNew();
        var accepted = new List<IngestionStatus>();
        foreach (var upload in uploads)
        {
            accepted.Add(await memory.IngestAsync(upload));
        }

        foreach (var status in accepted)
        {
            await watcher.Stored(status.DocumentId, status.Name);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await memory.UnsubscribeAsync(reference);
        return seconds;
    }

    /// <summary>The model alone: an ONNX Runtime session fed pre-tokenized, padded batches; only <c>Run</c> is timed.</summary>
    private sealed class RawModel : IDisposable
    {
        private readonly InferenceSession _session = new(MiniLmModel.ReadOnnx(), new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL });

        public double Run(IReadOnlyList<string> texts, int batchSize)
        {
            var batches = texts.Chunk(batchSize).Select(Inputs).ToList();
            var clock = Stopwatch.StartNew();
            foreach (var inputs in batches)
            {
                using var outputs = _session.Run(inputs);
            }

            return clock.Elapsed.TotalSeconds;
        }

        private List<NamedOnnxValue> Inputs(string[] texts)
        {
            var tokenizer = MiniLmModel.Tokenizer;
            var ids = texts.Select(t => tokenizer.EncodeToIds(t, MiniLmModel.MaxTokens, addSpecialTokens: true, out _, out _)).ToList();
            var length = ids.Max(i => i.Count);
            var inputIds = new DenseTensor<long>([texts.Length, length]);
            var mask = new DenseTensor<long>([texts.Length, length]);
            for (var i = 0; i < ids.Count; i++)
            {
                for (var j = 0; j < ids[i].Count; j++)
                {
                    (inputIds[i, j], mask[i, j]) = (ids[i][j], 1);
                }
            }

            return
            [
                NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
                NamedOnnxValue.CreateFromTensor("attention_mask", mask),
                NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>([texts.Length, length])),
            ];
        }

        public void Dispose() => _session.Dispose();
    }
}
