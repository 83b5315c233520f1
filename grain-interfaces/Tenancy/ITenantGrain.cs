namespace Sophia.Tenancy;

/// <summary>A tenant (key <c>tenant</c>): for now, the index of its agent definitions.</summary>
[Alias("sophia.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Names of the tenant's agent definitions, sorted.</summary>
    [Alias("ListAgents"), ReadOnly]
    Task<IReadOnlyList<string>> ListAgentsAsync();

    /// <summary>Records that an agent definition exists.</summary>
    [Alias("AddAgent")]
    Task AddAgentAsync(string name);

    /// <summary>Records that an agent definition is gone.</summary>
    [Alias("RemoveAgent")]
    Task RemoveAgentAsync(string name);
}
