using System.Security.Claims;

namespace Sophia.ClientApi.Auth;

/// <summary>Who is calling, taken from the validated token only, never from request data.</summary>
public sealed record Caller(string Tenant, string User)
{
    public const string TenantClaim = "tenant";
    public const string UserClaim = "sub";

    public string UserKey => GrainKeys.Of(Tenant, User);

    public string ConversationKey(string conversationId) => GrainKeys.Of(Tenant, conversationId);

    public static Caller From(ClaimsPrincipal principal) =>
        new(principal.FindFirstValue(TenantClaim) ?? throw new UnauthorizedAccessException("Token has no tenant."),
            principal.FindFirstValue(UserClaim) ?? throw new UnauthorizedAccessException("Token has no subject."));
}
