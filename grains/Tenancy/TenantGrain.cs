namespace Sophia.Tenancy;

/// <summary>A tenant: its members and invitations (see the other parts) and the index of its agent definitions.</summary>
public sealed partial class TenantGrain(
    [PersistentState("tenant", "sophia")] IPersistentState<TenantState> state,
    [PersistentState("quota", "sophia")] IPersistentState<QuotaState> quota, TimeProvider time, ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    public Task<bool> ExistsAsync() => Task.FromResult(state.State.Created || state.State.Members.Count > 0);

    public async Task<TenantAnswer> CreateAsync(string ownerUsername, string ownerPasswordHash)
    {
        if (await ExistsAsync())
        {
            return TenantAnswer.Refused(409, $"Tenant '{Tenant}' already exists.");
        }

        if (NameProblem(ownerUsername) is { } problem)
        {
            return TenantAnswer.Refused(400, problem);
        }

        var owner = new MemberInfo(ownerUsername, ownerUsername, Roles.Owner, Disabled: false, Email: null, time.GetUtcNow());
        if (!await User(ownerUsername).ProvisionAsync(owner, ownerPasswordHash))
        {
            return TenantAnswer.Refused(409, $"User '{ownerUsername}' already exists in tenant '{Tenant}'.");
        }

        state.State.Created = true;
        await RecordAsync(owner);
        await RegisterAsync();
        logger.LogInformation("Tenant {Tenant} created with owner {User}", Tenant, ownerUsername);
        return TenantAnswer.Ok(owner);
    }

    public async Task AdoptOwnerAsync(string username)
    {
        if (state.State.Members.Count > 0 || await User(username).GetMemberAsync() is null)
        {
            return;
        }

        var owner = await User(username).ApplyMembershipAsync(new MemberPatch(Role: Roles.Owner));
        state.State.Created = true;
        await RecordAsync(owner);
        await RegisterAsync();
        logger.LogInformation("User {User} of tenant {Tenant}, from before roles existed, is now its owner", username, Tenant);
    }

    public Task<IReadOnlyList<MemberInfo>> ListMembersAsync() =>
        Task.FromResult<IReadOnlyList<MemberInfo>>(state.State.Members.Values.OrderBy(m => m.Username, StringComparer.Ordinal).ToList());

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

    // The directory is for operators; the tenant enters itself, so no gateway needs to reach it to create one.
    private Task RegisterAsync() => GrainFactory.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).RegisterAsync(Tenant);

    private IUserGrain User(string username) => GrainFactory.GetGrain<IUserGrain>(GrainKeys.Of(Tenant, username));

    /// <summary>Keeps the index in line with the user grain, which changed first.</summary>
    private async Task RecordAsync(MemberInfo member)
    {
        state.State.Members[member.Username] = member;
        if (member.Email is { } email)
        {
            state.State.UsersByEmail[email] = member.Username;
        }

        await state.WriteStateAsync();
    }

    private static string? NameProblem(string? username) => GrainKeys.IsWellFormedName(username)
        ? null
        : "A username has 1 to 64 characters: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit.";
}
