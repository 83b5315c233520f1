using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Sophia.ClientApi.Auth;

/// <summary><c>/api/auth/providers</c> (what the sign-in page offers) and <c>/api/auth/oidc/login</c>, where single sign-on starts.</summary>
public static class OidcEndpoints
{
    public static IEndpointRouteBuilder MapOidcEndpoints(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/auth").AllowAnonymous();
        auth.MapGet("/providers", (IOptions<OidcOptions> options) => Results.Ok(new
        {
            oidc = options.Value.Enabled ? new { displayName = options.Value.DisplayName, loginUrl = OidcOptions.LoginPath } : null,
        }));

        auth.MapGet("/oidc/login", (string? returnUrl, IOptions<OidcOptions> options) => options.Value.Enabled
            ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalUrl.OrRoot(returnUrl) }, [OidcOptions.Scheme])
            : Results.Problem(statusCode: 404, title: "Single sign-on is not configured."));
        return routes;
    }
}
