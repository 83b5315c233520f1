namespace Sophia.Tenancy;

/// <summary>
/// A tenant (key <c>tenant</c>): its members and their roles, its pending invitations and the index of its agent
/// definitions. Every change of membership goes through here, one at a time, so rules like "a tenant keeps an
/// owner" hold however many admins act at once. Each change names its actor and is checked against their role.
/// Passwords arrive already hashed (<see cref="PasswordRules"/> checked by the caller), so that the slow hashing of
/// many people joining at once runs side by side instead of one after another in this grain.
/// </summary>
[Alias("sophia.ITenantGrain"), KeyedByTenant]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant with its first owner; 409 when it exists.</summary>
    [Alias("Create")]
    Task<TenantAnswer> CreateAsync(string ownerUsername, string ownerPasswordHash);

    /// <summary>True once the tenant was created (or, for a tenant from before members existed, has one).</summary>
    [Alias("TenantExists"), ReadOnly]
    Task<bool> ExistsAsync();

    /// <summary>Makes an existing user the owner of a tenant that has no members yet (data from before roles existed).</summary>
    [Alias("AdoptOwner")]
    Task AdoptOwnerAsync(string username);

    [Alias("ListMembers"), ReadOnly]
    Task<IReadOnlyList<MemberInfo>> ListMembersAsync();

    /// <summary>Adds a member; without a password hash the answer's secret is an invitation token.</summary>
    [Alias("AddMember")]
    Task<TenantAnswer> AddMemberAsync(string actor, NewMember member);

    [Alias("UpdateMember")]
    Task<TenantAnswer> UpdateMemberAsync(string actor, string username, MemberPatch patch);

    /// <summary>An admin's reset of another member's password; the member must choose a new one at next sign-in.</summary>
    [Alias("ResetPassword")]
    Task<TenantAnswer> ResetPasswordAsync(string actor, string username, string temporaryHash);

    /// <summary>Invites someone; the answer's secret is the one-time token, kept here only as a hash.</summary>
    [Alias("Invite")]
    Task<TenantAnswer> InviteAsync(string actor, string? username, string? email, string role, int expiresInHours);

    /// <summary>A pending invitation, so the invitee's page can show what it is for; null when unknown or used.</summary>
    [Alias("GetInvitation"), ReadOnly]
    Task<InvitationInfo?> GetInvitationAsync(string tokenHash);

    /// <summary>Accepts an invitation once, before it expires: the invitee becomes a member with this password.</summary>
    [Alias("AcceptInvitation")]
    Task<TenantAnswer> AcceptInvitationAsync(string tokenHash, string username, string passwordHash);

    /// <summary>Signs in someone the single sign-on provider vouched for: created on first sign-in, role updated when mapped.</summary>
    [Alias("SignInExternal")]
    Task<TenantAnswer> SignInExternalAsync(ExternalIdentity identity);

    /// <summary>Names of the tenant's agent definitions, sorted.</summary>
    [Alias("ListAgents"), ReadOnly]
    Task<IReadOnlyList<string>> ListAgentsAsync();

    /// <summary>Records that an agent definition exists.</summary>
    [Alias("AddAgent")]
    Task AddAgentAsync(string name);

    /// <summary>Records that an agent definition is gone.</summary>
    [Alias("RemoveAgent")]
    Task RemoveAgentAsync(string name);

    /// <summary>The tenant's limits and its usage in the current periods, counting all its users.</summary>
    [Alias("GetQuota"), AlwaysInterleave]
    Task<TenantQuota> GetQuotaAsync();

    /// <summary>Whether the spend would fit the user's effective limits and the tenant's; spends nothing.</summary>
    [Alias("CheckQuota"), AlwaysInterleave]
    Task<QuotaRefusal?> CheckQuotaAsync(QuotaSpend spend);

    /// <summary>
    /// Adds the spend to the tenant's ledger, or refuses it (spending nothing) when it asks to and does not fit. Called by
    /// the user grain, so it interleaves: the tenant may be waiting on that user's grain at the same time.
    /// </summary>
    [Alias("SpendQuota"), AlwaysInterleave]
    Task<QuotaRefusal?> SpendQuotaAsync(QuotaSpend spend);

    /// <summary>Sets the tenant's limits (null: no limit; a name left out is kept); admins and owners only.</summary>
    [Alias("SetQuota")]
    Task<QuotaAnswer> SetQuotaAsync(string actor, IReadOnlyDictionary<string, long?> changes);

    /// <summary>Sets one member's own limits (null: back to the tenant's; a name left out is kept); admins and owners only.</summary>
    [Alias("SetUserQuota")]
    Task<QuotaAnswer> SetUserQuotaAsync(string actor, string username, IReadOnlyDictionary<string, long?> changes);
}
