using Sophia.Chat;

namespace Sophia.Tenancy;

/// <summary>A user of a tenant (key <c>tenant/user</c>): credentials and conversation list.</summary>
[Alias("sophia.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>True once the user has been provisioned with a password.</summary>
    [Alias("Exists"), ReadOnly]
    Task<bool> ExistsAsync();

    /// <summary>Creates the user with this password; false, changing nothing, when the user already exists.</summary>
    [Alias("TryCreate")]
    Task<bool> TryCreateAsync(string password);

    /// <summary>Creates the user or replaces their password.</summary>
    [Alias("SetPassword")]
    Task SetPasswordAsync(string password);

    /// <summary>True when the user exists and the password matches.</summary>
    [Alias("VerifyPassword"), ReadOnly]
    Task<bool> VerifyPasswordAsync(string password);

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
}
