using Sophia.Tenancy;

namespace Sophia.Automation;

/// <summary>What a tenant has set up to run by itself (key: the tenant): its schedules and incoming hooks, with their owners.</summary>
[Alias("sophia.IAutomationIndexGrain"), KeyedByTenant]
public interface IAutomationIndexGrain : IGrainWithStringKey
{
    public const string Schedules = "schedule";
    public const string Hooks = "hook";

    /// <summary>Records an entry of a kind (<see cref="Schedules"/>, <see cref="Hooks"/>); false when the name is taken.</summary>
    [Alias("Add")]
    Task<bool> AddAsync(string kind, string name, string owner);

    /// <summary>Forgets an entry.</summary>
    [Alias("Remove")]
    Task RemoveAsync(string kind, string name);

    /// <summary>The names of a kind, of one owner or (null) of everyone.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<string>> ListAsync(string kind, string? owner);
}
