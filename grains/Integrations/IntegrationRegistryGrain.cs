namespace Sophia.Integrations;

/// <summary>A tenant's connected integrations and their tools, persisted so a turn on any silo finds them in one call.</summary>
public sealed class IntegrationRegistryGrain(
    [PersistentState("integrations", "sophia")] IPersistentState<IntegrationRegistryState> state) : Grain, IIntegrationRegistryGrain
{
    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Tools.Keys.Order(StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync() =>
        Task.FromResult<IReadOnlyList<IntegrationToolSpec>>(state.State.Tools.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value).ToList());

    public async Task SetAsync(string integration, IReadOnlyList<IntegrationToolSpec> tools)
    {
        if (state.State.Tools.TryGetValue(integration, out var known) && known.SequenceEqual(tools))
        {
            return;
        }

        state.State.Tools[integration] = [.. tools];
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string integration)
    {
        if (state.State.Tools.Remove(integration))
        {
            await state.WriteStateAsync();
        }
    }
}

[GenerateSerializer, Alias("sophia.IntegrationRegistryState")]
public sealed class IntegrationRegistryState
{
    [Id(0)] public Dictionary<string, List<IntegrationToolSpec>> Tools { get; set; } = [];
}
