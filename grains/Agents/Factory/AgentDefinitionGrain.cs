using Sophia.Integrations;
using Sophia.Tenancy;

namespace Sophia.Agents.Factory;

/// <summary>Holds one user-defined agent and keeps the tenant's index of agents in step.</summary>
public sealed class AgentDefinitionGrain(
    [PersistentState("agent", "sophia")] IPersistentState<AgentDefinitionState> state) : Grain, IAgentDefinitionGrain
{
    private ITenantGrain Tenant => GrainFactory.GetGrain<ITenantGrain>(GrainKeys.Split(this.GetPrimaryKeyString()).Tenant);

    public Task<AgentDefinition?> GetAsync() => Task.FromResult(state.State.Definition);

    public async Task<bool> SaveAsync(AgentDefinition definition)
    {
        var problem = GrainKeys.Split(this.GetPrimaryKeyString()).Local != definition.Name
            ? "The definition's name must match the agent it is saved as."
            : definition.Problem(await KnownToolsAsync(definition));
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        var created = state.State.Definition is null;
        state.State.Definition = definition;
        await state.WriteStateAsync();
        await Tenant.AddAgentAsync(definition.Name);
        return created;
    }

    /// <summary>The built-in tools, the tools the tenant's integrations offer now, and patterns (<c>github_*</c>) that match integrations' tools to come.</summary>
    private async Task<IReadOnlyCollection<string>> KnownToolsAsync(AgentDefinition definition)
    {
        var integrationTools = await GrainFactory.GetGrain<IIntegrationRegistryGrain>(GrainKeys.Split(this.GetPrimaryKeyString()).Tenant).ToolsAsync();
        return [.. ToolCatalog.Names, .. integrationTools.Select(t => t.Name), .. definition.AllowedTools.Where(t => t.EndsWith('*'))];
    }

    public async Task<bool> DeleteAsync()
    {
        if (state.State.Definition is not { } definition)
        {
            return false;
        }

        await Tenant.RemoveAgentAsync(definition.Name);
        await state.ClearStateAsync();
        return true;
    }
}

/// <summary>What an agent definition grain persists.</summary>
[GenerateSerializer, Alias("sophia.AgentDefinitionState")]
public sealed class AgentDefinitionState
{
    [Id(0)] public AgentDefinition? Definition { get; set; }
}
