using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Sophia.Memory.Embeddings;
using Sophia.Memory.Index;
using Sophia.Storage;
using Sophia.Tests.Infrastructure;

namespace Sophia.Benchmarks;

/// <summary>
/// Top-10 search latency of the embedded vector index at 10,000 and 100,000 chunks against a plain brute-force scan
/// (a scalar dot product per vector, then a full sort) over the same vectors and queries, checking both find the same ten.
/// </summary>
public static class RecallLatencyBenchmark
{
    private const int Dimensions = MiniLmModel.Dimensions;
    private const int TopK = 10;

    public static async Task<int> RunAsync()
    {
        foreach (var size in new[] { 10_000, 100_000 })
        {
            await MeasureAsync(size, queries: size == 10_000 ? 1000 : 300);
        }

        return 0;
    }

    private static async Task MeasureAsync(int size, int queries)
    {
        var random = new Random(size);
        var vectors = Enumerable.Range(0, size).Select(_ => UnitVector(random)).ToList();
        var probes = Enumerable.Range(0, queries).Select(_ => UnitVector(random)).ToList();

        using var folder = new TempFolder();
        var index = new EmbeddedVectorIndex(SqliteDatabase.Open(Path.Combine(folder.Path, "sophia.db")), Dimensions);
        foreach (var batch in vectors.Select((v, i) => new VectorRecord("tenant", $"c{i}", $"d{i / 20}", v)).Chunk(5000))
        {
            await index.UpsertAsync("bench", batch);
        }

        var indexed = new double[queries];
        var brute = new double[queries];
        var agree = 0;
        for (var q = 0; q < queries; q++)
        {
            var clock = Stopwatch.StartNew();
            var hits = await index.SearchAsync("bench", ["tenant"], probes[q], TopK);
            indexed[q] = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            var scanned = BruteForce(vectors, probes[q]);
            brute[q] = clock.Elapsed.TotalMilliseconds;
            agree += hits.Select(h => int.Parse(h.ChunkId.AsSpan(1))).SequenceEqual(scanned) ? 1 : 0;
        }

        Console.WriteLine(
            $"{size,7:N0} chunks: embedded index p50 {Percentiles.Of(indexed, 50):0.00} ms, p99 {Percentiles.Of(indexed, 99):0.00} ms; " +
            $"brute force p50 {Percentiles.Of(brute, 50):0.00} ms, p99 {Percentiles.Of(brute, 99):0.00} ms; " +
            $"p50 speed-up x{Percentiles.Of(brute, 50) / Percentiles.Of(indexed, 50):0.0}; same top {TopK} in {agree}/{queries} queries");
        SqliteConnection.ClearAllPools();
    }

    // The baseline: what one would write first.
    private static int[] BruteForce(List<float[]> vectors, float[] query)
    {
        var scores = new (float Score, int Index)[vectors.Count];
        for (var i = 0; i < vectors.Count; i++)
        {
            var vector = vectors[i];
            var dot = 0f;
            for (var d = 0; d < vector.Length; d++)
            {
                dot += vector[d] * query[d];
            }

            scores[i] = (dot, i);
        }

        Array.Sort(scores, (a, b) => b.Score.CompareTo(a.Score));
        return scores.Take(TopK).Select(s => s.Index).ToArray();
    }

    private static float[] UnitVector(Random random)
    {
        var vector = new float[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }
}
