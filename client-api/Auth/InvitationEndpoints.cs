using System.Security.Claims;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary><c>/api/invitations</c>: admins invite; the invitee accepts once, choosing a password, through <c>/invite/{token}</c>.</summary>
public static class InvitationEndpoints
{
    public sealed record InviteRequest(string? Username, string? Email, string? Role, int? ExpiresInHours);

    public sealed record AcceptRequest(string? Username, string? Password);

    public static IEndpointRouteBuilder MapInvitationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/invitations", async (InviteRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var caller = Caller.From(user);
            var answer = await grains.GetGrain<ITenantGrain>(caller.Tenant).InviteAsync(caller.User, request?.Username, request?.Email,
                request?.Role ?? Roles.Member, request?.ExpiresInHours ?? TenantIds.DefaultInvitationHours);
            return answer.ToResult(a => Results.Created(TenantAnswers.InvitationUrl(a.Secret!), new
            {
                a.Member!.Role, username = request?.Username, request?.Email, invitation = TenantAnswers.Invitation(a.Secret!),
            }));
        }).RequirePermission(Permission.ManageUsers);

        routes.MapPost("/api/invitations/{token}/accept", async (string token, AcceptRequest? request, IGrainFactory grains) =>
        {
            if (TenantIds.TenantOfInvitation(token) is not { } tenant)
            {
                return Results.Problem(statusCode: 404, title: "This invitation is unknown or was already used: ask for a new one.");
            }

            if (string.IsNullOrEmpty(request?.Password))
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body with the \"password\" you choose (and \"username\" if the invitation names none).");
            }

            var answer = await grains.GetGrain<ITenantGrain>(tenant).AcceptInvitationAsync(TenantIds.HashInvitation(token), request.Username, request.Password);
            return answer.ToResult(a => Results.Created("/api/me", new { tenant, a.Member!.Username, a.Member.Role }));
        }).AllowAnonymous().RequireRateLimiting(PasswordSignIn.AddressPolicy);
        return routes;
    }
}
