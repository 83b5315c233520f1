namespace Sophia.Integrations;

/// <summary>A silo's copy of tenants' integration tools, told when a tenant's list may have changed.</summary>
[Alias("sophia.ITenantToolsObserver")]
public interface ITenantToolsObserver : IGrainObserver
{
    /// <summary>The tenant's tools changed, or the registry that handed them out went away: read them again.</summary>
    [OneWay, Alias("ToolsChanged")]
    Task ToolsChangedAsync(string tenant);
}
