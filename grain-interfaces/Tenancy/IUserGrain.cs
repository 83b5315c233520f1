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

    /// <summary>Lists this user's conversations, newest first.</summary>
    [Alias("ListConversations"), ReadOnly]
    Task<IReadOnlyList<ConversationSummary>> ListConversationsAsync();
}
