using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Sophia.Integrations;

/// <summary>
/// A tenant's connected integrations and their tools, persisted so a turn on any silo finds them in one call. Silos
/// that keep a copy (<see cref="TenantToolCache"/>) are told when the tools change and when this activation ends, so
/// no copy outlives the activation that handed it out.
/// </summary>
public sealed class IntegrationRegistryGrain(
    [PersistentState("integrations", "sophia")] IPersistentState<IntegrationRegistryState> state,
    ILocalSiloDetails localSilo, ILogger<IntegrationRegistryGrain> logger) : Grain, IIntegrationRegistryGrain
{
    private readonly ObserverManager<SiloAddress, ITenantToolsObserver> _copies = new(TenantToolCache.WatchFor, logger);

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Tools.Keys.Order(StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync() =>
        Task.FromResult<IReadOnlyList<IntegrationToolSpec>>(state.State.Tools.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value).ToList());

    public Task<IReadOnlyList<IntegrationToolSpec>> WatchToolsAsync(SiloAddress silo, ITenantToolsObserver observer)
    {
        _copies.Subscribe(silo, observer);
        return ToolsAsync();
    }

    public async Task SetAsync(string integration, IReadOnlyList<IntegrationToolSpec> tools)
    {
        if (state.State.Tools.TryGetValue(integration, out var known) && known.SequenceEqual(tools))
        {
            return;
        }

        state.State.Tools[integration] = [.. tools];
        await state.WriteStateAsync();
        await ForgetCopiesAsync();
    }

    public async Task RemoveAsync(string integration)
    {
        if (state.State.Tools.Remove(integration))
        {
            await state.WriteStateAsync();
            await ForgetCopiesAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A silo going down takes its own copy with it; telling that copy would only be refused.
        var leaving = reason.ReasonCode == DeactivationReasonCode.ShuttingDown ? localSilo.SiloAddress : null;
        await ForgetCopiesAsync(leaving);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    private async Task ForgetCopiesAsync(SiloAddress? except = null)
    {
        var tenant = this.GetPrimaryKeyString();
        foreach (var copy in _copies.Observers.Where(o => !o.Key.Equals(except)).Select(o => o.Value).ToList())
        {
            await copy.ToolsChangedAsync(tenant);
        }

        _copies.Clear();
    }
}

[GenerateSerializer, Alias("sophia.IntegrationRegistryState")]
public sealed class IntegrationRegistryState
{
    [Id(0)] public Dictionary<string, List<IntegrationToolSpec>> Tools { get; set; } = [];
}
