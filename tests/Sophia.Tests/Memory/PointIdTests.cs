using Qdrant.Client.Grpc;
using Sophia.Memory.Index;

namespace Sophia.Tests.Memory;

public sealed class PointIdTests
{
    [Fact]
    public void A_chunk_always_maps_to_the_same_uuid()
    {
        Assert.Equal(PointIds.For("acme", "tenant", "abc"), PointIds.For("acme", "tenant", "abc"));
    }

    [Fact]
    public void Point_ids_are_rfc_uuids_that_qdrant_accepts()
    {
        var id = PointIds.For("acme", "tenant", new string('f', 64));

        var text = id.ToString();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", text);
        Assert.Equal(text, new PointId { Uuid = text }.Uuid);
    }

    [Fact]
    public void The_same_chunk_in_another_tenant_or_scope_is_another_point()
    {
        var ids = new[] { PointIds.For("acme", "tenant", "abc"), PointIds.For("globex", "tenant", "abc"), PointIds.For("acme", "user:ann", "abc") };

        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public void Every_query_filter_requires_the_tenant()
    {
        foreach (var filter in new[] { QdrantFilters.For("acme", ["tenant"]), QdrantFilters.For("acme", ["tenant", "user:ann"], "doc"), QdrantFilters.ForTenant("acme") })
        {
            var tenant = Assert.Single(filter.Must, c => c.Field?.Key == QdrantFilters.Tenant);
            Assert.Equal("acme", tenant.Field.Match.Keyword);
            Assert.Empty(filter.Should);
        }
    }

    [Fact]
    public void A_filter_without_a_tenant_is_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => QdrantFilters.For("", ["tenant"]));
        Assert.ThrowsAny<ArgumentException>(() => QdrantFilters.ForTenant(""));
    }
}
