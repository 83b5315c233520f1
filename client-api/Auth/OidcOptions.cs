using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>Single sign-on through an OpenID Connect provider (<c>Sophia:Auth:Oidc</c>); off while <see cref="Authority"/> is empty.</summary>
public sealed class OidcOptions
{
    public const string Section = "Sophia:Auth:Oidc";
    public const string Scheme = "oidc";
    public const string CallbackPath = "/signin-oidc";
    public const string LoginPath = "/api/auth/oidc/login";

    /// <summary>The provider's issuer URL; its discovery document is read from <c>/.well-known/openid-configuration</c> under it.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Empty for a public client, which PKCE alone protects.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Space-separated scopes asked for.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>What the page's button says after "Sign in with".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>The tenant the provider's users join.</summary>
    public string? Tenant { get; set; }

    /// <summary>Email domains that may sign in; empty lets every address the provider vouches for in.</summary>
    public string[] AllowedDomains { get; set; } = [];

    /// <summary>The ID token claim whose values pick the role; when set, every sign-in brings the role in line with it.</summary>
    public string? RoleClaim { get; set; }

    /// <summary>Claim value to role (owner, admin, member, viewer); a user with no mapped value is a member.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>False allows an http authority, for development only.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public IEnumerable<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool HasUsableAuthority() =>
        !Enabled || (Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && !RequireHttpsMetadata)));

    public bool HasClientId() => !Enabled || !string.IsNullOrWhiteSpace(ClientId);

    public bool HasTenant() => !Enabled || TenantIds.IsValid(Tenant);

    public bool MapsToRoles() => RoleMap.Values.All(Roles.IsKnown);

    public bool HasRoleClaimForMap() => RoleMap.Count == 0 || !string.IsNullOrWhiteSpace(RoleClaim);

    public bool HasPlainDomains() => AllowedDomains.All(d => !string.IsNullOrWhiteSpace(d) && !d.Contains('@') && Uri.CheckHostName(d.Trim()) == UriHostNameType.Dns);

    public bool AllowsDomainOf(string email) =>
        AllowedDomains.Length == 0 || AllowedDomains.Any(d => string.Equals(d.Trim(), email[(email.LastIndexOf('@') + 1)..], StringComparison.OrdinalIgnoreCase));

    public const string BadAuthority =
        "Sophia:Auth:Oidc:Authority must be the provider's https URL (an http one only with Sophia:Auth:Oidc:RequireHttpsMetadata=false, for development).";

    public const string MissingClientId = "Sophia:Auth:Oidc:ClientId is required when Sophia:Auth:Oidc:Authority is set: the client id the provider gave Sophia.";

    public const string MissingTenant = "Sophia:Auth:Oidc:Tenant is required when Sophia:Auth:Oidc:Authority is set: the tenant its users join. " + TenantIds.Help;

    public const string UnknownRole = "Sophia:Auth:Oidc:RoleMap values must be roles: " + Roles.Help + ".";

    public const string MapWithoutClaim = "Sophia:Auth:Oidc:RoleMap needs Sophia:Auth:Oidc:RoleClaim: the claim whose values it maps.";

    public const string BadDomain = "Sophia:Auth:Oidc:AllowedDomains entries must be plain domains, like example.com.";
}
