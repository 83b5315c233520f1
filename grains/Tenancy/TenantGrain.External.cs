namespace Sophia.Tenancy;

/// <summary>Members who sign in through the single sign-on provider: created on first sign-in, their role kept in line with the provider's.</summary>
public sealed partial class TenantGrain
{
    public async Task<TenantAnswer> SignInExternalAsync(ExternalIdentity identity)
    {
        var email = identity.Email.Trim().ToLowerInvariant();
        if (identity.MappedRole is { } mapped && !Roles.IsKnown(mapped))
        {
            return TenantAnswer.Refused(403, $"The provider's role maps to '{mapped}', which is not a role: {Roles.Help}.");
        }

        if (state.State.UsersByEmail.TryGetValue(email, out var username) && state.State.Members.TryGetValue(username, out var member))
        {
            if (member.Disabled)
            {
                return TenantAnswer.Refused(403, "This account is disabled: ask an admin of your company.");
            }

            if (identity.MappedRole is { } role && role != member.Role && (member.Role != Roles.Owner || HasAnotherActiveOwner(username)))
            {
                member = await User(username).ApplyMembershipAsync(new MemberPatch(Role: role));
                await RecordAsync(member);
                logger.LogInformation("User {User} of tenant {Tenant} now has role {Role}, as the sign-on provider says", username, Tenant, role);
            }

            return TenantAnswer.Ok(member);
        }

        var created = new MemberInfo(FreeUsernameFor(email), identity.DisplayName?.Trim() is { Length: > 0 and <= 100 } name ? name : email,
            identity.MappedRole ?? Roles.Member, Disabled: false, email, time.GetUtcNow());
        if (!await User(created.Username).ProvisionAsync(created, passwordHash: null))
        {
            return TenantAnswer.Refused(409, $"User '{created.Username}' already exists.");
        }

        state.State.Created = true;
        await RecordAsync(created);
        logger.LogInformation("User {User} joined tenant {Tenant} as {Role} through single sign-on", created.Username, Tenant, created.Role);
        return TenantAnswer.Ok(created);
    }

    /// <summary>The email's local part as a username, numbered when another member already has it.</summary>
    private string FreeUsernameFor(string email)
    {
        var local = new string(email.Split('@')[0].Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray()).TrimStart('.', '_', '-');
        var stem = local.Length is > 0 and <= 56 ? local : "user";
        var candidate = stem;
        for (var n = 2; state.State.Members.ContainsKey(candidate); n++)
        {
            candidate = $"{stem}-{n}";
        }

        return candidate;
    }
}
