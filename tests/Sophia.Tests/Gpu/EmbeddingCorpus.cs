using System.Numerics.Tensors;
using Sophia.Memory.Embeddings;

namespace Sophia.Tests.Gpu;

/// <summary>Distinct texts to embed, and the check that each vector is the local model's for its own text.</summary>
public static class EmbeddingCorpus
{
    private static readonly Lazy<LocalMiniLmEmbeddingGenerator> Reference = new(() => new LocalMiniLmEmbeddingGenerator(batchSize: 16));

    private static readonly string[] Subjects = ["The pilot", "Our accountant", "A gardener", "The new intern", "My neighbour", "The orchestra", "A chemist", "The goalkeeper"];
    private static readonly string[] Actions = ["repaired the boiler", "counted the invoices", "planted tulips", "rewrote the parser", "baked bread", "rehearsed a symphony", "mixed two acids", "saved a penalty"];
    private static readonly string[] Places = ["in Lisbon", "near the harbour", "at the library", "on the roof", "in the warehouse", "beside the river", "at midnight", "during the storm"];

    /// <summary><paramref name="count"/> different texts, each about <paramref name="sentences"/> sentences long.</summary>
    public static IReadOnlyList<string> Texts(int count, int sentences = 1, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => string.Join(" ", Enumerable.Range(0, sentences).Select(s =>
            $"{Subjects[random.Next(Subjects.Length)]} {Actions[random.Next(Actions.Length)]} {Places[random.Next(Places.Length)]} (case {seed}-{i}-{s}).")))];
    }

    public static async Task<float[][]> LocalAsync(IReadOnlyList<string> texts) =>
        [.. (await Reference.Value.GenerateAsync(texts)).Select(e => e.Vector.ToArray())];

    /// <summary>Each vector is the local model's for the text in its own slot, and closer to it than to any other text's.</summary>
    public static async Task AssertInSlotsAsync(IReadOnlyList<string> texts, IReadOnlyList<float[]> vectors)
    {
        Assert.Equal(texts.Count, vectors.Count);
        var expected = await LocalAsync(texts);
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.Equal(MiniLmModel.Dimensions, vectors[i].Length);
            var own = TensorPrimitives.CosineSimilarity(vectors[i], expected[i]);
            Assert.True(own > 0.999f, $"slot {i} ('{texts[i]}') has cosine {own} to its own text's vector");
            var best = Enumerable.Range(0, texts.Count).MaxBy(j => TensorPrimitives.CosineSimilarity(vectors[i], expected[j]));
            Assert.True(best == i, $"slot {i} holds the vector of text {best}");
        }
    }
}
