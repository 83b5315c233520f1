using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// Ends every single sign-on callback: a member of the configured tenant (created on their first sign-in) gets the
/// same session cookie as a password sign-in; anyone refused goes back to the page with why.
/// </summary>
public sealed partial class OidcSignIn(IGrainFactory grains, SessionCheck sessions, AuditTrail audit, IOptions<OidcOptions> options, ILogger<OidcSignIn> logger)
{
    public const string ErrorParameter = "signin_error";

    public async Task CompleteAsync(TokenValidatedContext context)
    {
        // The provider's identity never becomes a session itself: the flow ends here, whatever happens.
        context.HandleResponse();
        var http = context.HttpContext;
        var tenant = options.Value.Tenant!;
        var reading = OidcClaims.Read(context.Principal!, options.Value);
        if (reading.Identity is not { } identity)
        {
            LogRefused(tenant, reading.Refusal!);
            await audit.RecordAsync(http, tenant, AuditActors.Anonymous, AuditActions.SignInFailed, null, new { method = "oidc", reason = "claims_refused" }, AuditOutcomes.Refused);
            Refuse(http, reading.Refusal!);
            return;
        }

        using var asTenant = CallerContext.Enter(new CallerIdentity(tenant, User: null));
        var answer = await grains.GetGrain<ITenantGrain>(tenant).SignInExternalAsync(identity);
        if (answer.Member is not { } member || !answer.Succeeded)
        {
            LogRefused(tenant, answer.Problem ?? $"status {answer.Status}");
            await audit.RecordAsync(http, tenant, AuditActors.Anonymous, AuditActions.SignInFailed, identity.Email.ToLowerInvariant(),
                new { method = "oidc", reason = "tenant_refused", status = answer.Status }, AuditOutcomes.Refused);
            Refuse(http, answer.Problem ?? "Single sign-on was refused.");
            return;
        }

        var caller = new Caller(tenant, member.Username);
        // Signing in may have changed the role, and with it the session version this gateway has cached.
        sessions.Forget(caller);
        var session = await sessions.CurrentAsync(caller);
        await AuthEndpoints.SignInCookieAsync(http, caller, session.Version);
        LogSignedIn(member.Username, tenant, member.Role);
        await audit.RecordAsync(http, tenant, member.Username, AuditActions.SignIn, member.Username, new { method = "oidc", member.Role });
        http.Response.Redirect(LocalUrl.OrRoot(context.Properties?.RedirectUri));
    }

    /// <summary>The provider refused, or the callback did not check out (expired, replayed, forged).</summary>
    public async Task FailAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var failure = context.Failure?.GetType().Name ?? "unknown";
        LogFailed(options.Value.Tenant ?? "", failure, context.Failure?.Message ?? "");
        if (options.Value.Tenant is { } tenant)
        {
            await audit.RecordAsync(context.HttpContext, tenant, AuditActors.Anonymous, AuditActions.SignInFailed, null, new { method = "oidc", reason = failure }, AuditOutcomes.Failed);
        }

        Refuse(context.HttpContext, "Single sign-on did not complete: try again.");
    }

    private static void Refuse(HttpContext http, string problem) =>
        http.Response.Redirect($"/?{ErrorParameter}={Uri.EscapeDataString(problem)}");

    [LoggerMessage(LogLevel.Information, "User {User} of tenant {Tenant} signed in through single sign-on as {Role}")]
    private partial void LogSignedIn(string user, string tenant, string role);

    [LoggerMessage(LogLevel.Warning, "Single sign-on to tenant {Tenant} refused: {Reason}")]
    private partial void LogRefused(string tenant, string reason);

    [LoggerMessage(LogLevel.Warning, "Single sign-on to tenant {Tenant} failed ({Failure}): {Reason}")]
    private partial void LogFailed(string tenant, string failure, string reason);
}
