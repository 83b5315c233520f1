using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using System.Numerics.Tensors;

namespace Sophia.Memory.Embeddings;

/// <summary>
/// Embeds text with the local all-MiniLM-L6-v2 model on ONNX Runtime, in batches: mean pooling over the attention mask,
/// then L2 normalization, as sentence-transformers does. Thread-safe; one instance per process is enough.
/// </summary>
public sealed class LocalMiniLmEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly InferenceSession _session;
    private readonly bool _takesTokenTypes;
    private readonly string _output;
    private readonly int _batchSize;

    // Disposal waits for runs in flight: ONNX Runtime crashes the process when a session is freed under a running batch.
    private readonly ReaderWriterLockSlim _gate = new();
    private bool _disposed;

    public LocalMiniLmEmbeddingGenerator(int batchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _batchSize = batchSize;
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        _session = new InferenceSession(MiniLmModel.ReadOnnx(), options);
        _takesTokenTypes = _session.InputMetadata.ContainsKey("token_type_ids");
        _output = _session.OutputMetadata.Keys.First();
        Metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, MiniLmModel.ModelId, MiniLmModel.Dimensions);
    }

    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Embeds on a thread-pool thread, so a calling grain's scheduler is never blocked by the model.</summary>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        return Task.Run(() => Generate(texts, cancellationToken), cancellationToken);
    }

    private GeneratedEmbeddings<Embedding<float>> Generate(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        for (var start = 0; start < texts.Count; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_batchSize, texts.Count - start);
            foreach (var vector in EmbedBatch(texts, start, count))
            {
                result.Add(new Embedding<float>(vector) { ModelId = MiniLmModel.ModelId, CreatedAt = DateTimeOffset.UtcNow });
            }
        }

        return result;
    }

    private float[][] EmbedBatch(IReadOnlyList<string> texts, int start, int count)
    {
        var tokenizer = MiniLmModel.Tokenizer;
        var ids = new int[count][];
        for (var i = 0; i < count; i++)
        {
            var body = tokenizer.EncodeToIds(texts[start + i], MiniLmModel.MaxTokens - 2, addSpecialTokens: false, out _, out _);
            ids[i] = [tokenizer.ClassificationTokenId, .. body, tokenizer.SeparatorTokenId];
        }

        var length = ids.Max(t => t.Length);
        var inputIds = new DenseTensor<long>([count, length]);
        var mask = new DenseTensor<long>([count, length]);
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < ids[i].Length; j++)
            {
                inputIds[i, j] = ids[i][j];
                mask[i, j] = 1;
            }
        }

        var inputs = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
        };
        if (_takesTokenTypes)
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>([count, length])));
        }

        _gate.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var outputs = _session.Run(inputs, [_output]);
            var tensor = outputs[0].AsTensor<float>();
            var hidden = tensor as DenseTensor<float> ?? new DenseTensor<float>(tensor.ToArray(), tensor.Dimensions);
            return Pool(hidden.Buffer.Span, hidden.Rank, hidden.Dimensions[^1], length, ids);
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    // Mean of the token vectors under the attention mask (a model that pools itself answers rank 2), then unit length.
    private static float[][] Pool(ReadOnlySpan<float> flat, int rank, int dimensions, int length, int[][] ids)
    {
        var vectors = new float[ids.Length][];
        for (var i = 0; i < ids.Length; i++)
        {
            var vector = new float[dimensions];
            if (rank == 2)
            {
                flat.Slice(i * dimensions, dimensions).CopyTo(vector);
            }
            else
            {
                for (var j = 0; j < ids[i].Length; j++)
                {
                    TensorPrimitives.Add(vector, flat.Slice(((i * length) + j) * dimensions, dimensions), vector);
                }

                TensorPrimitives.Divide(vector, ids[i].Length, vector);
            }

            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            vectors[i] = vector;
        }

        return vectors;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata : null;

    public void Dispose()
    {
        _gate.EnterWriteLock();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _session.Dispose();
            }
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }
}
