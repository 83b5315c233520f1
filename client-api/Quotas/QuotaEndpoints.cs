using System.Security.Claims;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.ClientApi.Auth;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Quotas;

/// <summary>
/// Quotas: admins set the tenant's limits and each user's own; everyone reads their usage, admins everyone's in their
/// tenant. The tenant grain checks the actor's role again.
/// </summary>
public static class QuotaEndpoints
{
    public static IEndpointRouteBuilder MapQuotaEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPut("/api/tenant/quota", async (HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, AuditTrail audit) =>
        {
            var (changes, problem) = await QuotaBody.ReadAsync(request);
            if (changes is null)
            {
                return Results.Problem(statusCode: 400, title: problem);
            }

            var caller = Caller.From(user);
            var answer = await grains.GetGrain<ITenantGrain>(caller.Tenant).SetQuotaAsync(caller.User, changes);
            if (answer.Succeeded)
            {
                await audit.RecordAsync(request.HttpContext, AuditActions.QuotaChanged, caller.Tenant, answer.Limits!.ToApi());
            }

            return answer.Succeeded ? Results.Ok(new { limits = answer.Limits!.ToApi() }) : Results.Problem(statusCode: answer.Status, title: answer.Problem);
        }).RequirePermission(Permission.ManageUsers);

        routes.MapPut("/api/users/{username}/quota", async (string username, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, AuditTrail audit) =>
        {
            var (changes, problem) = await QuotaBody.ReadAsync(request);
            if (changes is null)
            {
                return Results.Problem(statusCode: 400, title: problem);
            }

            var caller = Caller.From(user);
            var answer = await grains.GetGrain<ITenantGrain>(caller.Tenant).SetUserQuotaAsync(caller.User, username, changes);
            if (answer.Succeeded)
            {
                await audit.RecordAsync(request.HttpContext, AuditActions.QuotaChanged, username, answer.Limits!.ToApi());
            }

            return answer.Succeeded
                ? Results.Ok(new { user = username, overrides = answer.Limits!.ToApi() })
                : Results.Problem(statusCode: answer.Status, title: answer.Problem);
        }).RequirePermission(Permission.ManageUsers);

        routes.MapGet("/api/me/usage", async (ClaimsPrincipal user, IGrainFactory grains) =>
            View(await grains.GetGrain<IUserGrain>(Caller.From(user).UserKey).GetQuotaUsageAsync())).RequireAuthorization();

        routes.MapGet("/api/usage", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var tenant = Caller.From(user).Tenant;
            var members = await grains.GetGrain<ITenantGrain>(tenant).ListMembersAsync();
            var usages = await Task.WhenAll(members.Select(m => grains.GetGrain<IUserGrain>(GrainKeys.Of(tenant, m.Username)).GetQuotaUsageAsync()));
            var quota = await grains.GetGrain<ITenantGrain>(tenant).GetQuotaAsync();
            return Results.Ok(new
            {
                tenant = new { limits = quota.Limits.ToApi(), usage = Lines(quota.Lines) },
                users = usages.Select(u => new { user = u.User, usage = Lines(u.Lines), overrides = u.Overrides.ToApi() }),
            });
        }).RequirePermission(Permission.SeeUsage);
        return routes;
    }

    private static IResult View(UserQuotaUsage usage) => Results.Ok(new
    {
        user = usage.User,
        usage = Lines(usage.Lines),
        overrides = usage.Overrides.ToApi(),
        tenant = Lines(usage.Tenant),
    });

    private static Dictionary<string, object> Lines(IReadOnlyList<QuotaLine> lines) =>
        lines.ToDictionary(l => l.Name, l => (object)new { used = l.Used, limit = l.Limit, remaining = l.Limit is { } limit ? Math.Max(0, limit - l.Used) : (long?)null, resetsAt = l.ResetsAt });
}
