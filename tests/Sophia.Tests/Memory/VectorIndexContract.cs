using Sophia.Memory.Index;

namespace Sophia.Tests.Memory;

/// <summary>What every <see cref="IVectorIndex"/> must do; run against each implementation.</summary>
public abstract class VectorIndexContract
{
    private const int Dimensions = 8;

    protected abstract IVectorIndex Index { get; }

    // Tenants unique to each test, so a shared server's earlier runs never show up.
    private readonly string _tenant = $"t{Guid.NewGuid():N}";
    private readonly string _other = $"o{Guid.NewGuid():N}";

    protected static int Size => Dimensions;

    [Fact]
    public async Task Nearest_vectors_come_first_with_cosine_scores()
    {
        await Index.UpsertAsync(_tenant, [Record("tenant", "north", "d1", 1, 0), Record("tenant", "east", "d1", 0, 1), Record("tenant", "north-east", "d2", 1, 1)]);

        var hits = await Index.SearchAsync(_tenant, ["tenant"], Vector(1, 0.1f), 3);

        Assert.Equal(["north", "north-east", "east"], hits.Select(h => h.ChunkId));
        Assert.InRange(hits[0].Score, 0.99f, 1.0001f);
        Assert.Equal("d1", hits[0].DocumentId);
    }

    [Fact]
    public async Task A_tenant_never_finds_another_tenants_vectors()
    {
        await Index.UpsertAsync(_tenant, [Record("tenant", "mine", "d1", 1, 0)]);
        await Index.UpsertAsync(_other, [Record("tenant", "theirs", "d1", 1, 0)]);

        var hits = await Index.SearchAsync(_tenant, ["tenant"], Vector(1, 0), 10);

        Assert.Equal(["mine"], hits.Select(h => h.ChunkId));
        Assert.Equal(1, await Index.CountAsync(_other));
    }

    [Fact]
    public async Task Search_stays_within_the_scopes_and_document_asked_for()
    {
        await Index.UpsertAsync(_tenant, [Record("user:ann", "a", "d1", 1, 0), Record("user:bob", "b", "d1", 1, 0), Record("tenant", "t", "d2", 1, 0), Record("tenant", "u", "d3", 1, 0)]);

        Assert.Equal(["a"], (await Index.SearchAsync(_tenant, ["user:ann"], Vector(1, 0), 10)).Select(h => h.ChunkId));
        Assert.Equal(["a", "t", "u"], (await Index.SearchAsync(_tenant, ["user:ann", "tenant"], Vector(1, 0), 10)).Select(h => h.ChunkId).Order());
        Assert.Equal(["u"], (await Index.SearchAsync(_tenant, ["tenant"], Vector(1, 0), 10, documentId: "d3")).Select(h => h.ChunkId));
    }

    [Fact]
    public async Task Writing_the_same_chunk_twice_keeps_one_vector()
    {
        await Index.UpsertAsync(_tenant, [Record("tenant", "same", "d1", 1, 0)]);
        await Index.UpsertAsync(_tenant, [Record("tenant", "same", "d1", 0, 1)]);

        Assert.Equal(1, await Index.CountAsync(_tenant));
        var hit = Assert.Single(await Index.SearchAsync(_tenant, ["tenant"], Vector(0, 1), 10));
        Assert.InRange(hit.Score, 0.99f, 1.0001f);
    }

    [Fact]
    public async Task Deleting_a_document_removes_only_its_vectors()
    {
        await Index.UpsertAsync(_tenant, [Record("tenant", "a1", "a", 1, 0), Record("tenant", "a2", "a", 0, 1), Record("tenant", "b1", "b", 1, 1)]);
        await Index.UpsertAsync(_other, [Record("tenant", "a1", "a", 1, 0)]);

        await Index.DeleteDocumentAsync(_tenant, "tenant", "a");

        Assert.Equal(["b1"], (await Index.SearchAsync(_tenant, ["tenant"], Vector(1, 0), 10)).Select(h => h.ChunkId));
        Assert.Equal(1, await Index.CountAsync(_other));
    }

    [Fact]
    public async Task Limit_caps_the_hits()
    {
        await Index.UpsertAsync(_tenant, Enumerable.Range(0, 20).Select(i => Record("tenant", $"c{i}", "d", 1, i / 10f)).ToList());

        var hits = await Index.SearchAsync(_tenant, ["tenant"], Vector(1, 0), 5);

        Assert.Equal(["c0", "c1", "c2", "c3", "c4"], hits.Select(h => h.ChunkId));
    }

    protected static VectorRecord Record(string scope, string chunkId, string documentId, float x, float y) => new(scope, chunkId, documentId, Vector(x, y));

    protected static float[] Vector(float x, float y)
    {
        var vector = new float[Dimensions];
        (vector[0], vector[1]) = (x, y);
        vector[Dimensions - 1] = 0.001f;
        return vector;
    }
}
