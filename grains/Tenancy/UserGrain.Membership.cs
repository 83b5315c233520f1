namespace Sophia.Tenancy;

/// <summary>Who the user is in their tenant, and the session version that ends every session when raised.</summary>
public sealed partial class UserGrain
{
    private string Username => GrainKeys.Split(this.GetPrimaryKeyString()).Local;

    // A user from before roles existed has no role until their tenant adopts them; they may chat meanwhile.
    private string EffectiveRole => state.State.Role.Length > 0 ? state.State.Role : Roles.Member;

    public Task<bool> ExistsAsync() => Task.FromResult(Exists);

    private bool Exists => state.RecordExists && (state.State.Role.Length > 0 || state.State.PasswordHash.Length > 0);

    public async Task<bool> ProvisionAsync(MemberInfo member, string? passwordHash)
    {
        if (Exists)
        {
            return false;
        }

        var hash = passwordHash ?? "";
        state.State.Role = member.Role;
        state.State.DisplayName = member.DisplayName;
        state.State.Email = member.Email;
        state.State.Disabled = member.Disabled;
        state.State.CreatedAt = member.CreatedAt;
        state.State.PasswordHash = hash;
        await state.WriteStateAsync();
        return true;
    }

    public Task<MemberInfo?> GetMemberAsync() => Task.FromResult(Exists ? Member() : null);

    public async Task<MemberInfo> ApplyMembershipAsync(MemberPatch patch)
    {
        var before = Member();
        // A user from before roles existed being given their first role keeps their sessions and keys.
        var adopted = state.State.Role.Length == 0;
        state.State.Role = patch.Role ?? EffectiveRole;
        state.State.Disabled = patch.Disabled ?? state.State.Disabled;
        state.State.DisplayName = patch.DisplayName ?? state.State.DisplayName;
        if ((state.State.Role != before.Role && !adopted) || state.State.Disabled != before.Disabled)
        {
            EndSessions();
        }

        await state.WriteStateAsync();
        return Member();
    }

    public Task<UserSession> GetSessionAsync() =>
        Task.FromResult(new UserSession(Exists, EffectiveRole, state.State.Disabled, state.State.SessionVersion));

    private MemberInfo Member() => new(Username, state.State.DisplayName.Length > 0 ? state.State.DisplayName : Username, EffectiveRole,
        state.State.Disabled, state.State.Email, state.State.CreatedAt);

    /// <summary>Every cookie, bearer token, refresh token and API key issued so far stops working.</summary>
    private void EndSessions()
    {
        state.State.SessionVersion++;
        state.State.RefreshTokens.Clear();
    }
}
