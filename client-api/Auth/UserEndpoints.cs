using System.Security.Claims;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary><c>/api/users</c>: a tenant's admins list, add, change and reset its members. The tenant grain checks the actor's role again.</summary>
public static class UserEndpoints
{
    public sealed record CreateUser(string? Username, string? DisplayName, string? Role, string? Password, string? Email);

    public sealed record PatchUser(string? Role, bool? Disabled, string? DisplayName);

    public sealed record PasswordReset(string? Password);

    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/users").RequirePermission(Permission.ManageUsers);
        users.MapGet("/", (ClaimsPrincipal user, IGrainFactory grains) => Tenant(grains, user).ListMembersAsync());

        users.MapPost("/", async (CreateUser? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            if (string.IsNullOrEmpty(request?.Username))
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body with \"username\" and \"role\", and a \"password\" (without one the answer is an invitation).");
            }

            var (hash, weak) = request.Password is null ? (null, null) : await NewPasswords.HashAsync(request.Username, request.Password);
            if (weak is not null)
            {
                return weak;
            }

            var caller = Caller.From(user);
            var answer = await Tenant(grains, user).AddMemberAsync(caller.User,
                new NewMember(request.Username, request.DisplayName, request.Role ?? Roles.Member, hash, request.Email));
            await audit.RecordAsync(http, AuditActions.UserCreated, request.Username,
                new { role = request.Role ?? Roles.Member, invited = request.Password is null }, Outcome(answer));
            return answer.ToResult(a => a.Secret is { } token
                ? Results.Created($"/api/users/{request.Username}", new { user = a.Member, invitation = TenantAnswers.Invitation(token) })
                : Results.Created($"/api/users/{a.Member!.Username}", a.Member));
        });

        users.MapPatch("/{username}", async (string username, PatchUser? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, SessionCheck sessions, AuditTrail audit) =>
        {
            if (request is null || (request.Role, request.Disabled, request.DisplayName) is (null, null, null))
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body with any of \"role\", \"disabled\" and \"displayName\".");
            }

            var caller = Caller.From(user);
            var answer = await Tenant(grains, user).UpdateMemberAsync(caller.User, username, new MemberPatch(request.Role, request.Disabled, request.DisplayName));
            sessions.Forget(caller with { User = username });
            await AuditPatchAsync(audit, http, username, request, answer);
            return answer.ToResult(a => Results.Ok(a.Member));
        });

        users.MapPost("/{username}/password", async (string username, PasswordReset? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, SessionCheck sessions, AuditTrail audit) =>
        {
            if (string.IsNullOrEmpty(request?.Password))
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body with the temporary \"password\"; the user must choose a new one at next sign-in.");
            }

            var (hash, weak) = await NewPasswords.HashAsync(username, request.Password);
            if (weak is not null)
            {
                return weak;
            }

            var caller = Caller.From(user);
            var answer = await Tenant(grains, user).ResetPasswordAsync(caller.User, username, hash!);
            sessions.Forget(caller with { User = username });
            await audit.RecordAsync(http, AuditActions.UserPasswordReset, username, outcome: Outcome(answer));
            return answer.ToResult(_ => Results.NoContent());
        });
        return routes;
    }

    // One entry per kind of change, so filtering by action finds every role change or disabling.
    private static async Task AuditPatchAsync(AuditTrail audit, HttpContext http, string username, PatchUser patch, TenantAnswer answer)
    {
        if (patch.Role is { } role)
        {
            await audit.RecordAsync(http, AuditActions.UserRoleChanged, username, new { role }, Outcome(answer));
        }

        if (patch.Disabled is { } disabled)
        {
            await audit.RecordAsync(http, disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, username, outcome: Outcome(answer));
        }

        if (patch.DisplayName is { } displayName)
        {
            await audit.RecordAsync(http, AuditActions.UserRenamed, username, new { displayName }, Outcome(answer));
        }
    }

    private static string Outcome(TenantAnswer answer) => answer.Succeeded ? AuditOutcomes.Succeeded : AuditOutcomes.Refused;

    private static ITenantGrain Tenant(IGrainFactory grains, ClaimsPrincipal user) => grains.GetGrain<ITenantGrain>(Caller.From(user).Tenant);
}
