namespace Sophia.Tenancy;

/// <summary>The list of every tenant, kept so operators can see them.</summary>
public sealed class TenantDirectoryGrain(
    [PersistentState("tenants", "sophia")] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    public async Task RegisterAsync(string tenant)
    {
        if (state.State.Tenants.Add(tenant))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Tenants.Order(StringComparer.Ordinal).ToList());
}

[GenerateSerializer, Alias("sophia.TenantDirectoryState")]
public sealed class TenantDirectoryState
{
    [Id(0)] public HashSet<string> Tenants { get; set; } = [];
}
