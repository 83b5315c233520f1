namespace Sophia.Tenancy;

/// <summary>Adding and changing members, checked against the actor's role; the tenant always keeps an active owner.</summary>
public sealed partial class TenantGrain
{
    public async Task<TenantAnswer> AddMemberAsync(string actor, NewMember member)
    {
        if (Refusal(actor, Permission.ManageUsers) is { } refused)
        {
            return refused;
        }

        if ((NameProblem(member.Username) ?? RoleProblem(member.Role)) is { } problem)
        {
            return TenantAnswer.Refused(400, problem);
        }

        if (!Roles.MayAssign(ActorRole(actor), null, member.Role))
        {
            return TenantAnswer.Refused(403, "Only an owner may make someone an owner.");
        }

        if (state.State.Members.ContainsKey(member.Username))
        {
            return TenantAnswer.Refused(409, $"User '{member.Username}' already exists.");
        }

        if (member.PasswordHash is null)
        {
            return await InviteAsync(actor, member.Username, member.Email, member.Role, TenantIds.DefaultInvitationHours);
        }

        var added = new MemberInfo(member.Username, string.IsNullOrWhiteSpace(member.DisplayName) ? member.Username : member.DisplayName.Trim(),
            member.Role, Disabled: false, member.Email, time.GetUtcNow());
        if (!await User(member.Username).ProvisionAsync(added, member.PasswordHash))
        {
            return TenantAnswer.Refused(409, $"User '{member.Username}' already exists.");
        }

        await RecordAsync(added);
        logger.LogInformation("User {User} added to tenant {Tenant} as {Role} by {Actor}", added.Username, Tenant, added.Role, actor);
        return TenantAnswer.Ok(added);
    }

    public async Task<TenantAnswer> UpdateMemberAsync(string actor, string username, MemberPatch patch)
    {
        if (Refusal(actor, Permission.ManageUsers) is { } refused)
        {
            return refused;
        }

        if (!state.State.Members.TryGetValue(username, out var target))
        {
            return TenantAnswer.Refused(404, $"There is no user '{username}' in this tenant.");
        }

        if (((patch.Role is null ? null : RoleProblem(patch.Role)) ?? DisplayNameProblem(patch.DisplayName)) is { } problem)
        {
            return TenantAnswer.Refused(400, problem);
        }

        if (!Roles.MayAssign(ActorRole(actor), target.Role, patch.Role ?? target.Role))
        {
            return TenantAnswer.Refused(403, "Only an owner may change an owner or make someone an owner.");
        }

        var staysActiveOwner = (patch.Role ?? target.Role) == Roles.Owner && !(patch.Disabled ?? target.Disabled);
        if (target is { Role: Roles.Owner, Disabled: false } && !staysActiveOwner && !HasAnotherActiveOwner(username))
        {
            return TenantAnswer.Refused(409, "This is the tenant's last owner: make another member owner first.");
        }

        var changed = await User(username).ApplyMembershipAsync(patch with { DisplayName = patch.DisplayName?.Trim() });
        await RecordAsync(changed);
        logger.LogInformation("User {User} of tenant {Tenant} changed by {Actor}: role {FromRole} -> {Role}, disabled {FromDisabled} -> {Disabled}",
            username, Tenant, actor, target.Role, changed.Role, target.Disabled, changed.Disabled);
        return TenantAnswer.Ok(changed);
    }

    public async Task<TenantAnswer> ResetPasswordAsync(string actor, string username, string temporaryHash)
    {
        if (Refusal(actor, Permission.ManageUsers) is { } refused)
        {
            return refused;
        }

        if (!state.State.Members.TryGetValue(username, out var target))
        {
            return TenantAnswer.Refused(404, $"There is no user '{username}' in this tenant.");
        }

        if (!Roles.MayAssign(ActorRole(actor), target.Role, target.Role))
        {
            return TenantAnswer.Refused(403, "Only an owner may reset an owner's password.");
        }

        await User(username).ResetPasswordAsync(temporaryHash);
        logger.LogInformation("Password of {User} in tenant {Tenant} reset by {Actor}", username, Tenant, actor);
        return TenantAnswer.Ok(target);
    }

    private string? ActorRole(string actor) =>
        state.State.Members.TryGetValue(actor, out var member) && !member.Disabled ? member.Role : null;

    /// <summary>The same check the gateway's policies make, here where the grain acts for the user.</summary>
    private TenantAnswer? Refusal(string actor, Permission permission) => Roles.Allows(ActorRole(actor), permission)
        ? null
        : TenantAnswer.Refused(403, $"Your role does not allow you to {Roles.Describe(permission)}.");

    private bool HasAnotherActiveOwner(string username) =>
        state.State.Members.Values.Any(m => m is { Role: Roles.Owner, Disabled: false } && m.Username != username);

    private static string? RoleProblem(string? role) => Roles.IsKnown(role) ? null : $"'{role}' is not a role: {Roles.Help}.";

    private static string? DisplayNameProblem(string? name) =>
        name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > 100) ? "A display name has 1 to 100 characters." : null;
}
