using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.ClientApi.Ops;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary><c>/api/tenants</c>: operators create and list tenants.</summary>
public static class TenantEndpoints
{
    public sealed record Owner(string? Username, string? Password);

    public sealed record CreateTenant(string? Tenant, Owner? Owner);

    public static IEndpointRouteBuilder MapTenantEndpoints(this IEndpointRouteBuilder routes)
    {
        var tenants = routes.MapGroup("/api/tenants").RequireAuthorization().RequireOperator();
        tenants.MapGet("/", async (IGrainFactory grains) =>
            (await grains.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).ListAsync()).Select(t => new { tenant = t }));

        tenants.MapPost("/", async (CreateTenant? request, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            if (!TenantIds.IsValid(request?.Tenant))
            {
                return Results.Problem(statusCode: 400, title: $"\"tenant\": {TenantIds.Help}");
            }

            if (string.IsNullOrEmpty(request!.Owner?.Username) || string.IsNullOrEmpty(request.Owner.Password))
            {
                return Results.Problem(statusCode: 400, title: "Send \"owner\": {\"username\", \"password\"}, the tenant's first owner.");
            }

            var (hash, weak) = await NewPasswords.HashAsync(request.Owner.Username, request.Owner.Password);
            if (weak is not null)
            {
                return weak;
            }

            var answer = await grains.GetGrain<ITenantGrain>(request.Tenant!).CreateAsync(request.Owner.Username, hash!);
            if (answer.Succeeded)
            {
                await audit.RecordOperatorAsync(http, request.Tenant!, AuditActions.TenantCreated, request.Tenant, new { owner = request.Owner.Username });
            }

            return answer.ToResult(a => Results.Created($"/api/tenants/{request.Tenant}", new { tenant = request.Tenant, owner = a.Member!.Username }));
        });
        return routes;
    }
}
