namespace Sophia.Tenancy;

/// <summary>A tenant: keeps the index of its agent definitions so they can be listed.</summary>
public sealed class TenantGrain(
    [PersistentState("tenant", "sophia")] IPersistentState<TenantState> state) : Grain, ITenantGrain
{
    public Task<IReadOnlyList<string>> ListAgentsAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Agents.Order(StringComparer.Ordinal).ToList());

    public async Task AddAgentAsync(string name)
    {
        if (state.State.Agents.Add(name))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAgentAsync(string name)
    {
        if (state.State.Agents.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }
}

/// <summary>What a tenant persists.</summary>
[GenerateSerializer, Alias("sophia.TenantState")]
public sealed class TenantState
{
    [Id(0)] public HashSet<string> Agents { get; set; } = [];
}
