namespace Sophia.Agents;

/// <summary>One user-defined agent of a tenant (key <c>tenant/agent</c>).</summary>
[Alias("sophia.IAgentDefinitionGrain")]
public interface IAgentDefinitionGrain : IGrainWithStringKey
{
    /// <summary>The definition, or null when there is none.</summary>
    [Alias("Get"), ReadOnly]
    Task<AgentDefinition?> GetAsync();

    /// <summary>Creates or replaces the definition; returns true when it was created.</summary>
    [Alias("Save")]
    Task<bool> SaveAsync(AgentDefinition definition);

    /// <summary>Deletes the definition; false when there was none.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync();
}
