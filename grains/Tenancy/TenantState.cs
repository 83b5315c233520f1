namespace Sophia.Tenancy;

/// <summary>What a tenant persists: its members (an index of their user grains), pending invitations and agents.</summary>
[GenerateSerializer, Alias("sophia.TenantState")]
public sealed class TenantState
{
    [Id(0)] public HashSet<string> Agents { get; set; } = [];
    [Id(1)] public bool Created { get; set; }
    [Id(2)] public Dictionary<string, MemberInfo> Members { get; set; } = [];
    [Id(3)] public List<InvitationRecord> Invitations { get; set; } = [];

    /// <summary>Single sign-on users by their verified email.</summary>
    [Id(4)] public Dictionary<string, string> UsersByEmail { get; set; } = [];
}

/// <summary>A pending invitation; only the hash of its token is kept.</summary>
[GenerateSerializer, Immutable, Alias("sophia.InvitationRecord")]
public sealed record InvitationRecord(string TokenHash, string? Username, string? Email, string Role, DateTimeOffset ExpiresAt, string InvitedBy);
