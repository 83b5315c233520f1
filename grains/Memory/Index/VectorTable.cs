using System.Numerics.Tensors;

namespace Sophia.Memory.Index;

/// <summary>
/// One tenant's vectors in one contiguous array, searched exactly: a dot product per vector (they are unit length, so it is
/// the cosine) and a bounded heap for the top k. Not thread-safe; the caller locks.
/// </summary>
public sealed class VectorTable(int dimensions)
{
    private readonly Dictionary<(string Scope, string ChunkId), int> _slots = [];
    private readonly List<(string Scope, string ChunkId, string DocumentId)> _entries = [];
    private float[] _vectors = new float[dimensions * 64];

    public int Dimensions => dimensions;

    public int Count => _entries.Count;

    /// <summary>Adds or replaces one vector, normalized to unit length.</summary>
    public void Set(string scope, string chunkId, string documentId, ReadOnlySpan<float> vector)
    {
        if (!_slots.TryGetValue((scope, chunkId), out var slot))
        {
            slot = _entries.Count;
            _entries.Add((scope, chunkId, documentId));
            _slots[(scope, chunkId)] = slot;
            if (_vectors.Length < (slot + 1) * dimensions)
            {
                Array.Resize(ref _vectors, _vectors.Length * 2);
            }
        }

        var target = _vectors.AsSpan(slot * dimensions, dimensions);
        vector.CopyTo(target);
        var norm = TensorPrimitives.Norm(target);
        if (norm > 0)
        {
            TensorPrimitives.Divide(target, norm, target);
        }
    }

    /// <summary>Removes a document's vectors, moving the last vector into each freed slot.</summary>
    public void RemoveDocument(string scope, string documentId)
    {
        for (var slot = _entries.Count - 1; slot >= 0; slot--)
        {
            var entry = _entries[slot];
            if (entry.Scope != scope || entry.DocumentId != documentId)
            {
                continue;
            }

            var last = _entries.Count - 1;
            _slots.Remove((entry.Scope, entry.ChunkId));
            if (slot != last)
            {
                var moved = _entries[last];
                _entries[slot] = moved;
                _slots[(moved.Scope, moved.ChunkId)] = slot;
                _vectors.AsSpan(last * dimensions, dimensions).CopyTo(_vectors.AsSpan(slot * dimensions, dimensions));
            }

            _entries.RemoveAt(last);
        }
    }

    /// <summary>The <paramref name="limit"/> most similar vectors within the scopes (and document, when given), best first.</summary>
    public IReadOnlyList<VectorHit> Search(IReadOnlyList<string> scopes, ReadOnlySpan<float> query, int limit, string? documentId)
    {
        Span<float> unit = query.Length <= 1024 ? stackalloc float[query.Length] : new float[query.Length];
        query.CopyTo(unit);
        var norm = TensorPrimitives.Norm(unit);
        if (norm > 0)
        {
            TensorPrimitives.Divide(unit, norm, unit);
        }

        if (scopes.Count == 0 || limit <= 0)
        {
            return [];
        }

        var single = scopes.Count == 1 ? scopes[0] : null;
        var scopeSet = single is null ? scopes.ToHashSet(StringComparer.Ordinal) : null;
        var best = new PriorityQueue<int, float>(limit + 1);
        for (var slot = 0; slot < _entries.Count; slot++)
        {
            var entry = _entries[slot];
            if ((single is not null ? entry.Scope != single : !scopeSet!.Contains(entry.Scope)) || (documentId is not null && entry.DocumentId != documentId))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(_vectors.AsSpan(slot * dimensions, dimensions), unit);
            if (best.Count < limit)
            {
                best.Enqueue(slot, score);
            }
            else if (best.TryPeek(out _, out var worst) && score > worst)
            {
                best.DequeueEnqueue(slot, score);
            }
        }

        var hits = new VectorHit[best.Count];
        for (var i = hits.Length - 1; i >= 0; i--)
        {
            best.TryDequeue(out var slot, out var score);
            var entry = _entries[slot];
            hits[i] = new VectorHit(entry.Scope, entry.ChunkId, entry.DocumentId, score);
        }

        return hits;
    }
}
