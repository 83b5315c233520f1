using System.Security.Claims;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>Who is calling, taken from the validated session only, never from request data.</summary>
public sealed record Caller(string Tenant, string User)
{
    public const string TenantClaim = "tenant";
    public const string UserClaim = "sub";
    public const string SessionVersionClaim = "sv";

    /// <summary>The id of the API key a request authenticated with; rate limits count each key on its own.</summary>
    public const string ApiKeyClaim = "api_key";

    /// <summary>Added by <see cref="SessionCheck"/> from the user's current role, never read from a token.</summary>
    public const string RoleClaim = "sophia_role";

    public string UserKey => GrainKeys.Of(Tenant, User);

    public string ConversationKey(string conversationId) => GrainKeys.Of(Tenant, conversationId);

    /// <summary>Makes the grain calls that follow, until disposed, on this caller's behalf (see <see cref="CallerContext"/>).</summary>
    public IDisposable Enter(bool isOperator = false) => CallerContext.Enter(new CallerIdentity(Tenant, User, isOperator));

    public static Caller From(ClaimsPrincipal principal) =>
        new(principal.FindFirstValue(TenantClaim) ?? throw new UnauthorizedAccessException("Token has no tenant."),
            principal.FindFirstValue(UserClaim) ?? throw new UnauthorizedAccessException("Token has no subject."));

    /// <summary>The claims every session carries: who, and the session version it was issued at.</summary>
    public Claim[] SessionClaims(long sessionVersion) =>
        [new(UserClaim, User), new(TenantClaim, Tenant), new(SessionVersionClaim, sessionVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
