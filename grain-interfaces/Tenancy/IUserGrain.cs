using Sophia.Chat;

namespace Sophia.Tenancy;

/// <summary>A user of a tenant (key <c>tenant/user</c>): membership, credentials, sessions and conversation list.</summary>
[Alias("sophia.IUserGrain"), KeyedByUser(UserManagersMayCall = true)]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>True once the user has been provisioned.</summary>
    [Alias("Exists"), ReadOnly]
    Task<bool> ExistsAsync();

    /// <summary>Creates the user as their tenant added them; false, changing nothing, when the user already exists. Called by the tenant grain only.</summary>
    [Alias("Provision")]
    Task<bool> ProvisionAsync(MemberInfo member, string? passwordHash);

    /// <summary>The user's membership: name, role, whether disabled; null when the user does not exist.</summary>
    [Alias("GetMember"), ReadOnly]
    Task<MemberInfo?> GetMemberAsync();

    /// <summary>Applies a change of role, state or name; a new role or a disabling ends every session. Called by the tenant grain only.</summary>
    [Alias("ApplyMembership")]
    Task<MemberInfo> ApplyMembershipAsync(MemberPatch patch);

    /// <summary>The session version and role the gateway checks each session against.</summary>
    [Alias("GetSession"), ReadOnly]
    Task<UserSession> GetSessionAsync();

    /// <summary>
    /// Checks the password with the same work whether or not the user exists; counts failures and locks the account
    /// after too many. <paramref name="newPassword"/> completes a sign-in that requires a new password.
    /// </summary>
    [Alias("SignIn")]
    Task<SignInResult> SignInAsync(string password, string? newPassword);

    /// <summary>The user's own change; false when <paramref name="current"/> is wrong. Ends the user's other sessions.</summary>
    [Alias("ChangePassword")]
    Task<SignInResult> ChangePasswordAsync(string current, string next);

    /// <summary>An admin's reset: the user must choose a new password at next sign-in, and every session ends. Called by the tenant grain only.</summary>
    [Alias("ResetPassword")]
    Task ResetPasswordAsync(string temporaryHash);

    /// <summary>Records a refresh token's hash for one rotation; its id is returned.</summary>
    [Alias("IssueRefreshToken")]
    Task<string> IssueRefreshTokenAsync(string secretHash, DateTimeOffset expiresAt);

    /// <summary>
    /// Replaces a refresh token by a new one (the answer names it), or null when the token is unknown, expired or
    /// revoked. A token used twice was stolen or replayed, so that ends every refresh token of the user.
    /// </summary>
    [Alias("RotateRefreshToken")]
    Task<RefreshRotation?> RotateRefreshTokenAsync(string id, string secretHash, string nextSecretHash, DateTimeOffset expiresAt);

    /// <summary>Revokes one refresh token; false when the user has no such token.</summary>
    [Alias("RevokeRefreshToken")]
    Task<bool> RevokeRefreshTokenAsync(string id, string secretHash);

    /// <summary>Creates a conversation owned by this user, answered by <paramref name="leadAgent"/> (null: the built-in assistant).</summary>
    [Alias("CreateConversation")]
    Task<ConversationSummary> CreateConversationAsync(string title, string? leadAgent = null);

    /// <summary>Creates an API key for OpenAI-style clients; its full value is returned only now.</summary>
    [Alias("CreateApiKey")]
    Task<CreatedApiKey> CreateApiKeyAsync(string name);

    /// <summary>This user's API keys that are not revoked.</summary>
    [Alias("ListApiKeys"), ReadOnly]
    Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync();

    /// <summary>Revokes one of this user's API keys; false when the user has no such key.</summary>
    [Alias("RevokeApiKey")]
    Task<bool> RevokeApiKeyAsync(string id);

    /// <summary>Replaces the listed summary of one of this user's conversations after it changed.</summary>
    [Alias("UpdateConversation")]
    Task UpdateConversationAsync(ConversationSummary summary);

    /// <summary>Lists this user's conversations, newest first.</summary>
    [Alias("ListConversations"), ReadOnly]
    Task<IReadOnlyList<ConversationSummary>> ListConversationsAsync();

    /// <summary>Whether <paramref name="amount"/> more would fit this user's limits and the tenant's (for tokens: whether any are left); spends nothing.</summary>
    [Alias("CheckQuota"), ReadOnly]
    Task<QuotaRefusal?> CheckQuotaAsync(QuotaMeter meter, long amount);

    /// <summary>
    /// Records a spend in this user's ledger and the tenant's. With <paramref name="refuseOverLimit"/>, a spend that does
    /// not fit is refused and nothing is recorded; without it (tokens a model call already used) it is recorded anyway.
    /// </summary>
    [Alias("SpendQuota")]
    Task<QuotaRefusal?> SpendQuotaAsync(QuotaMeter meter, long amount, bool refuseOverLimit);

    /// <summary>This user's usage in the current periods against their effective limits, and their tenant's.</summary>
    [Alias("GetQuotaUsage"), ReadOnly]
    Task<UserQuotaUsage> GetQuotaUsageAsync();

    /// <summary>Applies a change of this user's own limits. Called by the tenant grain only.</summary>
    [Alias("SetQuotaOverrides")]
    Task<QuotaLimits> SetQuotaOverridesAsync(IReadOnlyDictionary<string, long?> changes);
}
