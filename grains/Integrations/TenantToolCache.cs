using System.Collections.Concurrent;

namespace Sophia.Integrations;

/// <summary>
/// This silo's copy of each tenant's integration tools, so a turn or a plan step lists them without a call to the
/// tenant's registry. The registry tells the copy when the tools change and when its activation ends; a copy is kept
/// at most <see cref="KeepFor"/>, which bounds how stale it can be if the registry's silo dies without telling.
/// </summary>
public sealed class TenantToolCache(IGrainFactory grains, ILocalSiloDetails silo, TimeProvider time) : ITenantToolsObserver, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long a copy is used before it is read again.</summary>
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    /// <summary>How long the registry keeps telling a silo that has not read again; longer than a copy is kept.</summary>
    public static readonly TimeSpan WatchFor = KeepFor * 2;

    private readonly ConcurrentDictionary<string, Copy> _copies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _changes = new(StringComparer.Ordinal);
    private ITenantToolsObserver? _self;

    public async ValueTask<IReadOnlyList<IntegrationToolSpec>> ToolsAsync(string tenant)
    {
        var now = time.GetUtcNow();
        if (_copies.TryGetValue(tenant, out var copy) && copy.Until > now)
        {
            return copy.Tools;
        }

        var registry = grains.GetGrain<IIntegrationRegistryGrain>(tenant);
        if (_self is null)
        {
            return await registry.ToolsAsync();
        }

        var changesBefore = _changes.GetValueOrDefault(tenant);
        var tools = await registry.WatchToolsAsync(silo.SiloAddress, _self);
        // A change told while the read was under way may not be in what it returned: keep nothing then.
        if (_changes.GetValueOrDefault(tenant) == changesBefore)
        {
            _copies[tenant] = new Copy(tools, now + KeepFor);
        }

        return tools;
    }

    // Made outside any grain: Orleans refuses to make an object reference from inside one.
    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(TenantToolCache), ServiceLifecycleStage.ApplicationServices, _ =>
    {
        _self = grains.CreateObjectReference<ITenantToolsObserver>(this);
        return Task.CompletedTask;
    });

    public Task ToolsChangedAsync(string tenant)
    {
        _changes.AddOrUpdate(tenant, 1, (_, n) => n + 1);
        _copies.TryRemove(tenant, out _);
        return Task.CompletedTask;
    }

    private sealed record Copy(IReadOnlyList<IntegrationToolSpec> Tools, DateTimeOffset Until);
}
