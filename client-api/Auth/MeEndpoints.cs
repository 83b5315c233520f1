using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.ClientApi.Ops;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary><c>/api/me</c>: who the caller is, what they may do, and their own password change.</summary>
public static class MeEndpoints
{
    public sealed record PasswordChange(string? Current, string? New);

    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/api/me").RequireAuthorization();
        me.MapGet("/", async (ClaimsPrincipal user, IGrainFactory grains, IConfiguration configuration) =>
        {
            var caller = Caller.From(user);
            var member = await grains.GetGrain<IUserGrain>(caller.UserKey).GetMemberAsync();
            return member is null
                ? Results.Problem(statusCode: 404, title: "Your user no longer exists.")
                : Results.Ok(new
                {
                    caller.Tenant,
                    member.Username,
                    member.DisplayName,
                    member.Role,
                    member.Email,
                    Permissions = Enum.GetValues<Permission>().Where(p => Roles.Allows(member.Role, p)).Select(p => p.ToString()),
                    Operator = OpsAccess.IsOperator(caller, configuration),
                });
        });

        me.MapPost("/password", async (PasswordChange? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, SessionCheck sessions, TokenIssuer issuer, AuditTrail audit) =>
        {
            if (string.IsNullOrEmpty(request?.Current) || string.IsNullOrEmpty(request.New))
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body with \"current\" and \"new\".");
            }

            var caller = Caller.From(user);
            var result = await grains.GetGrain<IUserGrain>(caller.UserKey).ChangePasswordAsync(request.Current, request.New);
            sessions.Forget(caller);
            await audit.RecordAsync(http, AuditActions.PasswordChanged, caller.User,
                outcome: result.Status == SignInStatus.SignedIn ? AuditOutcomes.Succeeded : AuditOutcomes.Refused);
            switch (result.Status)
            {
                case SignInStatus.SignedIn when user.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme:
                    // Every other session ended; this browser keeps its own with a new cookie.
                    await AuthEndpoints.SignInCookieAsync(http, caller, result.SessionVersion);
                    return Results.Ok(new { changed = true });
                case SignInStatus.SignedIn:
                    return Results.Ok(await issuer.IssueAsync(caller, result.SessionVersion));
                case SignInStatus.LockedOut:
                    return PasswordSignIn.TooMany(http, result.RetryAfter ?? TimeSpan.FromMinutes(15), "Too many wrong passwords: this account is locked.").Refusal!;
                case SignInStatus.NewPasswordRefused:
                    return Results.Problem(statusCode: 400, title: result.Problem);
                default:
                    return Results.Problem(statusCode: 403, title: "The current password is wrong.");
            }
        });
        return routes;
    }
}
