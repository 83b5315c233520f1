using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Sophia.Tenancy;

/// <summary>Tenant ids, and the invitation tokens that name their tenant (<c>{tenant}.{secret}</c>).</summary>
public static partial class TenantIds
{
    public const string Help = "A tenant id has 2 to 40 characters: lowercase letters, digits and '-'.";

    public const int DefaultInvitationHours = 72;
    public const int MaxInvitationHours = 30 * 24;

    public static bool IsValid(string? tenant) => tenant is not null && Pattern().IsMatch(tenant);

    public static string NewInvitationToken(string tenant) =>
        $"{tenant}.{System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    /// <summary>The tenant an invitation token belongs to, or null when the text is not one.</summary>
    public static string? TenantOfInvitation(string? token) =>
        token?.Split('.') is [var tenant, { Length: 43 } secret] && IsValid(tenant) && GrainKeys.IsWellFormedId(secret) ? tenant : null;

    /// <summary>Only this hash of an invitation token is kept.</summary>
    public static string HashInvitation(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    [GeneratedRegex("^[a-z0-9-]{2,40}$")]
    private static partial Regex Pattern();
}
