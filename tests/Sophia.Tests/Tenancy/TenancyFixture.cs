using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sophia.Tests.Grains;

namespace Sophia.Tests.Tenancy;

/// <summary>The in-process silo on a fake clock, for the tenant's rules that take time: expiring invitations, lockouts.</summary>
public sealed class TenancyFixture : ClusterFixture
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-12-01T09:00:00Z"));

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.Services.AddSingleton<TimeProvider>(Time);
}

[CollectionDefinition(Name)]
public sealed class TenancyCollection : ICollectionFixture<TenancyFixture>
{
    public const string Name = "tenancy";
}
