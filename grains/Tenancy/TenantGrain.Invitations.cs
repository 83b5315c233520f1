namespace Sophia.Tenancy;

/// <summary>Invitations: a one-time token, kept only as a hash, that lets the invitee choose a password once before it expires.</summary>
public sealed partial class TenantGrain
{
    public async Task<TenantAnswer> InviteAsync(string actor, string? username, string? email, string role, int expiresInHours)
    {
        if (Refusal(actor, Permission.ManageUsers) is { } refused)
        {
            return refused;
        }

        var problem = (username is null ? null : NameProblem(username)) ?? RoleProblem(role)
            ?? (expiresInHours is < 1 or > TenantIds.MaxInvitationHours ? $"expiresInHours must be between 1 and {TenantIds.MaxInvitationHours}." : null)
            ?? (email is { Length: > 254 } || email?.Contains('@') == false ? "email must be an email address." : null);
        if (problem is not null)
        {
            return TenantAnswer.Refused(400, problem);
        }

        if (!Roles.MayAssign(ActorRole(actor), null, role))
        {
            return TenantAnswer.Refused(403, "Only an owner may invite an owner.");
        }

        if (username is not null && state.State.Members.ContainsKey(username))
        {
            return TenantAnswer.Refused(409, $"User '{username}' already exists.");
        }

        var token = TenantIds.NewInvitationToken(Tenant);
        var now = time.GetUtcNow();
        state.State.Invitations.RemoveAll(i => i.ExpiresAt <= now || (username is not null && i.Username == username));
        state.State.Invitations.Add(new InvitationRecord(TenantIds.HashInvitation(token), username, email, role, now.AddHours(expiresInHours), actor));
        await state.WriteStateAsync();
        logger.LogInformation("{Actor} invited {User} to tenant {Tenant} as {Role}, for {Hours} hours", actor, username ?? "(invitee's choice)", Tenant, role, expiresInHours);
        var invited = new MemberInfo(username ?? "", username ?? "", role, Disabled: false, email, now);
        return new TenantAnswer(201, Member: invited, Secret: token);
    }

    public Task<InvitationInfo?> GetInvitationAsync(string tokenHash) => Task.FromResult(
        state.State.Invitations.FirstOrDefault(i => i.TokenHash == tokenHash) is { } invitation
            ? new InvitationInfo(invitation.Username, invitation.Role, invitation.ExpiresAt, invitation.ExpiresAt <= time.GetUtcNow())
            : null);

    public async Task<TenantAnswer> AcceptInvitationAsync(string tokenHash, string username, string passwordHash)
    {
        var invitation = state.State.Invitations.FirstOrDefault(i => i.TokenHash == tokenHash);
        if (invitation is null)
        {
            return TenantAnswer.Refused(404, "This invitation is unknown or was already used: ask for a new one.");
        }

        if (invitation.ExpiresAt <= time.GetUtcNow())
        {
            return TenantAnswer.Refused(410, $"This invitation expired at {invitation.ExpiresAt:u}: ask for a new one.");
        }

        var chosen = invitation.Username ?? username;
        if (username != chosen)
        {
            return TenantAnswer.Refused(400, $"This invitation is for the username '{invitation.Username}'.");
        }

        if (NameProblem(chosen) is { } problem)
        {
            return TenantAnswer.Refused(400, problem);
        }

        var member = new MemberInfo(chosen, chosen, invitation.Role, Disabled: false, invitation.Email, time.GetUtcNow());
        if (state.State.Members.ContainsKey(chosen) || !await User(chosen).ProvisionAsync(member, passwordHash))
        {
            return TenantAnswer.Refused(409, $"User '{chosen}' already exists: choose another username.");
        }

        state.State.Invitations.Remove(invitation);
        await RecordAsync(member);
        logger.LogInformation("User {User} joined tenant {Tenant} as {Role} through an invitation from {Actor}", chosen, Tenant, member.Role, invitation.InvitedBy);
        return new TenantAnswer(201, Member: member);
    }
}
