namespace Sophia.Tenancy;

/// <summary>A member of a tenant as admins see them.</summary>
[GenerateSerializer, Immutable, Alias("sophia.MemberInfo")]
public sealed record MemberInfo(string Username, string DisplayName, string Role, bool Disabled, string? Email, DateTimeOffset CreatedAt);

/// <summary>A change to a member; null leaves that field as it is.</summary>
[GenerateSerializer, Immutable, Alias("sophia.MemberPatch")]
public sealed record MemberPatch(string? Role = null, bool? Disabled = null, string? DisplayName = null);

/// <summary>A user to add: with a password (its hash) they can sign in at once, without one they get an invitation.</summary>
[GenerateSerializer, Immutable, Alias("sophia.NewMember")]
public sealed record NewMember(string Username, string? DisplayName, string Role, string? PasswordHash, string? Email = null);

/// <summary>What a pending invitation is for.</summary>
[GenerateSerializer, Immutable, Alias("sophia.InvitationInfo")]
public sealed record InvitationInfo(string? Username, string Role, DateTimeOffset ExpiresAt, bool Expired);

/// <summary>What the gateway needs to check a session: whether it is still current and which role it acts with.</summary>
[GenerateSerializer, Immutable, Alias("sophia.UserSession")]
public sealed record UserSession(bool Exists, string Role, bool Disabled, long Version);

/// <summary>Someone who signed in through the single sign-on provider, as its verified claims say.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ExternalIdentity")]
public sealed record ExternalIdentity(string Email, string? DisplayName, string? MappedRole);

/// <summary>The outcome of a tenant rule: a member, or an HTTP status with a message saying what to fix.</summary>
[GenerateSerializer, Immutable, Alias("sophia.TenantAnswer")]
public sealed record TenantAnswer(int Status, string? Problem = null, MemberInfo? Member = null, string? Secret = null)
{
    public bool Succeeded => Status is >= 200 and < 300;

    public static TenantAnswer Ok(MemberInfo member, string? secret = null) => new(200, Member: member, Secret: secret);

    public static TenantAnswer Refused(int status, string problem) => new(status, problem);
}

public enum SignInStatus
{
    SignedIn,
    Invalid,
    LockedOut,
    Disabled,
    PasswordChangeRequired,
    NewPasswordRefused,
}

/// <summary>A sign-in's outcome; <see cref="RetryAfter"/> is set when locked out, <see cref="Problem"/> when a new password was refused.</summary>
[GenerateSerializer, Immutable, Alias("sophia.SignInResult")]
public sealed record SignInResult(SignInStatus Status, long SessionVersion = 0, TimeSpan? RetryAfter = null, string? Problem = null);

/// <summary>A refresh token rotated: the new token's id and the session version the new access token carries.</summary>
[GenerateSerializer, Immutable, Alias("sophia.RefreshRotation")]
public sealed record RefreshRotation(string NextId, long SessionVersion);
