using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>One authorization policy per <see cref="Permission"/>, granted by the caller's current role as <see cref="Roles"/> says.</summary>
public static class PermissionPolicies
{
    public static string Name(Permission permission) => $"permission:{permission}";

    public static AuthorizationBuilder AddPermissionPolicies(this AuthorizationBuilder builder)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            builder.AddPolicy(Name(permission), p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
        }

        return builder;
    }

    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Name(permission));

    public static bool Has(this ClaimsPrincipal user, Permission permission) => Roles.Allows(user.FindFirstValue(Caller.RoleClaim), permission);

    public static string Refusal(ClaimsPrincipal user, Permission permission) =>
        $"Your role ({user.FindFirstValue(Caller.RoleClaim) ?? "none"}) does not allow you to {Roles.Describe(permission)}: ask an admin of your tenant.";
}

public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement;

public sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Has(requirement.Permission))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, PermissionPolicies.Refusal(context.User, requirement.Permission)));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Answers refusals as problem details that say what is missing, instead of an empty 401 or 403.</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var reason = result.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "You may not do this.";
            await Results.Problem(statusCode: 403, title: reason).ExecuteAsync(context);
            return;
        }

        if (result.Challenged || result.Forbidden)
        {
            var why = context.Items[SessionCheck.EndedItem] as string;
            await Results.Problem(statusCode: 401, title: why ?? "Sign in first: send a bearer token or API key, or use the session cookie from /api/auth/login.").ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, result);
    }
}
