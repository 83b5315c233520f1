using Sophia.Tenancy;
using Sophia.ClientApi.Ops;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// Makes every grain call of an authenticated request on behalf of its signed-in user, so each silo can check that
/// the grains it reaches belong to the user's tenant. Anonymous endpoints (sign-in, invitations) name the tenant they
/// act in themselves.
/// </summary>
public static class CallerContextMiddleware
{
    public static IApplicationBuilder UseCallerContext(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (IdentityOf(http.User, http.RequestServices.GetRequiredService<IConfiguration>()) is not { } identity)
        {
            await next(http);
            return;
        }

        using (CallerContext.Enter(identity))
        {
            await next(http);
        }
    });

    /// <summary>The identity of an authenticated principal, null for an anonymous one.</summary>
    public static CallerIdentity? IdentityOf(System.Security.Claims.ClaimsPrincipal user, IConfiguration configuration)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(Caller.TenantClaim) is null || user.FindFirst(Caller.UserClaim) is null)
        {
            return null;
        }

        var caller = Caller.From(user);
        return new CallerIdentity(caller.Tenant, caller.User, OpsAccess.IsOperator(caller, configuration), user.Has(Permission.ManageUsers));
    }
}
