using System.Security.Claims;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>Reads who signed in from the provider's validated ID token: a verified email of an allowed domain, and the role its claims map to.</summary>
public static class OidcClaims
{
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string Name = "name";

    public sealed record Reading(ExternalIdentity? Identity, string? Refusal);

    public static Reading Read(ClaimsPrincipal principal, OidcOptions options)
    {
        var email = principal.FindFirstValue(Email)?.Trim();
        if (string.IsNullOrEmpty(email) || email.IndexOf('@') is <= 0 || email.EndsWith('@'))
        {
            return new(null, "The sign-on provider did not say who you are by email: ask your administrator to release the email claim to Sophia.");
        }

        if (string.Equals(principal.FindFirstValue(EmailVerified), "false", StringComparison.OrdinalIgnoreCase))
        {
            return new(null, "The sign-on provider has not verified your email address: verify it there, then sign in again.");
        }

        if (!options.AllowsDomainOf(email))
        {
            return new(null, $"Addresses at {email[(email.LastIndexOf('@') + 1)..]} may not sign in to Sophia: use your company account.");
        }

        return new(new ExternalIdentity(email, principal.FindFirstValue(Name), MappedRole(principal, options)), null);
    }

    /// <summary>The most powerful role any of the claim's values maps to; member when none does; null when roles are not taken from the provider.</summary>
    private static string? MappedRole(ClaimsPrincipal principal, OidcOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RoleClaim))
        {
            return null;
        }

        var mapped = principal.FindAll(options.RoleClaim)
            .Select(c => options.RoleMap.TryGetValue(c.Value, out var role) ? role : null)
            .OfType<string>()
            .MinBy(role => Roles.All.ToList().IndexOf(role));
        return mapped ?? Roles.Member;
    }
}
