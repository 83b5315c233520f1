using Sophia.Chat;

namespace Sophia.Tenancy;

/// <summary>A user's persisted credentials and conversation list.</summary>
[GenerateSerializer, Alias("sophia.UserState")]
public sealed class UserState
{
    [Id(0)] public string PasswordHash { get; set; } = "";
    [Id(1)] public List<ConversationSummary> Conversations { get; set; } = [];
    [Id(2)] public List<ApiKeyInfo> ApiKeys { get; set; } = [];
}
