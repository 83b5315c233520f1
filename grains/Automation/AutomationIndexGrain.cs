namespace Sophia.Automation;

/// <summary>Keeps a tenant's list of schedules and hooks with their owners, so each can be listed without a scan.</summary>
public sealed class AutomationIndexGrain(
    [PersistentState("automation", "sophia")] IPersistentState<AutomationIndexState> state) : Grain, IAutomationIndexGrain
{
    public async Task<bool> AddAsync(string kind, string name, string owner)
    {
        if (state.State.Entries.Any(e => e.Kind == kind && e.Name == name))
        {
            return false;
        }

        state.State.Entries.Add(new AutomationEntry(kind, name, owner));
        await state.WriteStateAsync();
        return true;
    }

    public async Task RemoveAsync(string kind, string name)
    {
        if (state.State.Entries.RemoveAll(e => e.Kind == kind && e.Name == name) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string kind, string? owner) => Task.FromResult<IReadOnlyList<string>>(
        state.State.Entries.Where(e => e.Kind == kind && (owner is null || e.Owner == owner)).Select(e => e.Name).ToList());
}

/// <summary>One schedule or hook of the tenant.</summary>
[GenerateSerializer, Immutable, Alias("sophia.AutomationEntry")]
public sealed record AutomationEntry(string Kind, string Name, string Owner);

/// <summary>What the automation index persists.</summary>
[GenerateSerializer, Alias("sophia.AutomationIndexState")]
public sealed class AutomationIndexState
{
    [Id(0)] public List<AutomationEntry> Entries { get; set; } = [];
}
