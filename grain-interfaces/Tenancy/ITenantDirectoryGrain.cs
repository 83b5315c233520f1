namespace Sophia.Tenancy;

/// <summary>The list of every tenant (one grain, key <see cref="Key"/>), for operators.</summary>
[Alias("sophia.ITenantDirectoryGrain")]
public interface ITenantDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "tenants";

    [Alias("Register")]
    Task RegisterAsync(string tenant);

    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<string>> ListAsync();
}
