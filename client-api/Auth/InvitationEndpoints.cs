using System.Security.Claims;
using Sophia.ClientApi.RateLimits;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary><c>/api/invitations</c>: admins invite; the invitee accepts once, choosing a password, through <c>/invite/{token}</c>.</summary>
public static class InvitationEndpoints
{
    public sealed record InviteRequest(string? Username, string? Email, string? Role, int? ExpiresInHours);

    public sealed record AcceptRequest(string? Username, string? Password);

    public static IEndpointRouteBuilder MapInvitationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/invitations", async (InviteRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            var caller = Caller.From(user);
            var answer = await grains.GetGrain<ITenantGrain>(caller.Tenant).InviteAsync(caller.User, request?.Username, request?.Email,
                request?.Role ?? Roles.Member, request?.ExpiresInHours ?? TenantIds.DefaultInvitationHours);
            await audit.RecordAsync(http, AuditActions.InvitationCreated, request?.Username ?? request?.Email,
                new { role = request?.Role ?? Roles.Member, expiresInHours = request?.ExpiresInHours ?? TenantIds.DefaultInvitationHours },
                answer.Succeeded ? AuditOutcomes.Succeeded : AuditOutcomes.Refused);
            return answer.ToResult(a => Results.Created(TenantAnswers.InvitationUrl(a.Secret!), new
            {
                a.Member!.Role, username = request?.Username, request?.Email, invitation = TenantAnswers.Invitation(a.Secret!),
            }));
        }).RequirePermission(Permission.ManageUsers);

        routes.MapGet("/api/invitations/{token}", async (string token, IGrainFactory grains) =>
            await PendingAsync(grains, token) is ({ } tenant, { Expired: false } invitation)
                ? Results.Ok(new { tenant, invitation.Username, invitation.Role, invitation.ExpiresAt })
                : Unknown()).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.SignIn);

        routes.MapPost("/api/invitations/{token}/accept", async (string token, AcceptRequest? request, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            if (await PendingAsync(grains, token) is not ({ } tenant, { } invitation))
            {
                return Unknown();
            }

            if (invitation.Expired)
            {
                return Results.Problem(statusCode: 410, title: $"This invitation expired at {invitation.ExpiresAt:u}: ask for a new one.");
            }

            var username = invitation.Username ?? request?.Username;
            if (string.IsNullOrEmpty(request?.Password) || username is null)
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body with the \"password\" you choose (and \"username\" if the invitation names none).");
            }

            if (request.Username is not null && request.Username != username)
            {
                return Results.Problem(statusCode: 400, title: $"This invitation is for the username '{username}'.");
            }

            var (hash, weak) = await NewPasswords.HashAsync(username, request.Password);
            if (weak is not null)
            {
                return weak;
            }

            using var asTenant = CallerContext.Enter(new CallerIdentity(tenant, User: null));
            var answer = await grains.GetGrain<ITenantGrain>(tenant).AcceptInvitationAsync(TenantIds.HashInvitation(token), username, hash!);
            if (answer.Succeeded)
            {
                await audit.RecordAsync(http, tenant, username, AuditActions.InvitationAccepted, username, new { answer.Member!.Role });
            }

            return answer.ToResult(a => Results.Created("/api/me", new { tenant, a.Member!.Username, a.Member.Role }));
        }).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.SignIn);
        return routes;
    }

    private static async Task<(string? Tenant, InvitationInfo? Invitation)> PendingAsync(IGrainFactory grains, string token)
    {
        if (TenantIds.TenantOfInvitation(token) is not { } tenant)
        {
            return (null, null);
        }

        using var asTenant = CallerContext.Enter(new CallerIdentity(tenant, User: null));
        return (tenant, await grains.GetGrain<ITenantGrain>(tenant).GetInvitationAsync(TenantIds.HashInvitation(token)));
    }

    private static IResult Unknown() => Results.Problem(statusCode: 404, title: "This invitation is unknown or was already used: ask for a new one.");
}
