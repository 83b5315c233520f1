using System.Security.Claims;
using Sophia.Tenancy;
using Sophia.ClientApi.RateLimits;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Sophia.Audit;
using Sophia.ClientApi.Audit;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// Sign-in: <c>/api/auth/token</c> (bearer and refresh token, for API clients), <c>/api/auth/login</c> (the
/// browser's HttpOnly session cookie), refresh, revoke and logout.
/// </summary>
public static class AuthEndpoints
{
    public sealed record RefreshRequest(string? refresh_token);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/auth").AllowAnonymous();
        auth.MapPost("/token", async (PasswordSignIn.Request? request, HttpContext http, PasswordSignIn signIn, TokenIssuer issuer) =>
        {
            var outcome = await signIn.SignInAsync(http, request);
            return outcome.Caller is { } caller ? Results.Ok(await issuer.IssueAsync(caller, outcome.SessionVersion)) : outcome.Refusal!;
        }).RequireRateLimiting(RateLimitPolicies.SignIn);

        auth.MapPost("/refresh", async (RefreshRequest? request, HttpContext http, TokenIssuer issuer, AuditTrail audit) =>
        {
            if (string.IsNullOrEmpty(request?.refresh_token))
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body with \"refresh_token\".");
            }

            if (await issuer.RefreshAsync(request.refresh_token) is { } tokens)
            {
                return Results.Ok(tokens);
            }

            // A refusal of a token that names its user is worth keeping: a replayed token ends all of that user's refresh tokens.
            if (RefreshTokens.Parse(request.refresh_token) is var (caller, _, _))
            {
                await audit.RecordAsync(http, caller.Tenant, caller.User, AuditActions.TokenRefreshFailed, caller.User, outcome: AuditOutcomes.Refused);
            }

            return Results.Problem(statusCode: 401, title: "This refresh token is unknown, expired, revoked or already used: sign in again.");
        }).RequireRateLimiting(RateLimitPolicies.SignIn);

        auth.MapPost("/revoke", async (RefreshRequest? request, IGrainFactory grains) =>
        {
            if (RefreshTokens.Parse(request?.refresh_token) is not var (caller, id, secret))
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body with the \"refresh_token\" to revoke.");
            }

            // Like OAuth's revocation endpoint: the same answer whether or not the token was still good.
            using var asCaller = caller.Enter();
            await grains.GetGrain<Sophia.Tenancy.IUserGrain>(caller.UserKey).RevokeRefreshTokenAsync(id, RefreshTokens.Hash(secret));
            return Results.NoContent();
        });

        auth.MapPost("/login", async (PasswordSignIn.Request? request, HttpContext http, PasswordSignIn signIn) =>
        {
            var outcome = await signIn.SignInAsync(http, request);
            if (outcome.Caller is not { } caller)
            {
                return outcome.Refusal!;
            }

            await SignInCookieAsync(http, caller, outcome.SessionVersion);
            return Results.Ok(new { caller.Tenant, username = caller.User });
        }).RequireRateLimiting(RateLimitPolicies.SignIn);

        auth.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        });

        // The page reads this once per session and sends it as X-CSRF-TOKEN with every unsafe request.
        auth.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Results.Ok(new { token = tokens.RequestToken, header = tokens.HeaderName });
        });
        return routes;
    }

    /// <summary>Gives the browser its HttpOnly session cookie for this user at this session version.</summary>
    public static Task SignInCookieAsync(HttpContext http, Caller caller, long sessionVersion) =>
        http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(caller.SessionClaims(sessionVersion), CookieAuthenticationDefaults.AuthenticationScheme, Caller.UserClaim, Caller.RoleClaim)));
}
