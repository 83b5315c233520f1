namespace Sophia.Placement;

/// <summary>Each tenant's home region (<c>Sophia:Regions</c>): <c>Default</c>, overridden per tenant under <c>Tenants:{tenant}</c>.</summary>
public sealed class HomeRegionOptions
{
    public const string MetadataKey = "region";

    public string? Default { get; set; }

    public Dictionary<string, string> Tenants { get; set; } = [];

    public string? HomeOf(string tenant) => Tenants.TryGetValue(tenant, out var region) ? region : Default;
}
