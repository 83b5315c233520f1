using Sophia.Chat;

namespace Sophia.Tenancy;

/// <summary>A user's persisted membership, credentials, sessions and conversation list.</summary>
[GenerateSerializer, Alias("sophia.UserState")]
public sealed class UserState
{
    [Id(0)] public string PasswordHash { get; set; } = "";
    [Id(1)] public List<ConversationSummary> Conversations { get; set; } = [];
    [Id(2)] public List<ApiKeyInfo> ApiKeys { get; set; } = [];

    /// <summary>Empty for a user from before roles existed, until their tenant adopts them.</summary>
    [Id(3)] public string Role { get; set; } = "";
    [Id(4)] public string DisplayName { get; set; } = "";
    [Id(5)] public string? Email { get; set; }
    [Id(6)] public bool Disabled { get; set; }
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Raised whenever every session must end: sessions, tokens and keys issued before carry an older one.</summary>
    [Id(8)] public long SessionVersion { get; set; }
    [Id(9)] public bool MustChangePassword { get; set; }
    [Id(10)] public List<DateTimeOffset> FailedSignIns { get; set; } = [];
    [Id(11)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(12)] public List<RefreshTokenRecord> RefreshTokens { get; set; } = [];

    /// <summary>Refresh tokens already rotated away; presenting one again is a replay.</summary>
    [Id(13)] public List<string> SpentRefreshTokens { get; set; } = [];
}

/// <summary>A refresh token as kept: its id, the hash of its secret, and when it expires.</summary>
[GenerateSerializer, Immutable, Alias("sophia.RefreshTokenRecord")]
public sealed record RefreshTokenRecord(string Id, string SecretHash, DateTimeOffset ExpiresAt);
