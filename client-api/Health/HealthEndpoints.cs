using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Integrations;
using Sophia.ClientApi.Ops;

namespace Sophia.ClientApi.Health;

/// <summary>
/// <c>/healthz</c>: the process answers. <c>/readyz</c>: every dependency checked for real, 503 when one is down; only
/// operators see each check's detail, which names hosts, paths and errors, and every tenant's integrations' health,
/// which never makes the gateway unready.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        // Short-circuited past every middleware (auth among them), so liveness depends on nothing that can throw.
        routes.MapGet("/healthz", () => Results.Ok(new { status = "alive" })).ShortCircuit();
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { ResponseWriter = WriteReportAsync }).AllowAnonymous();
        return routes;
    }

    private static async Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var status = report.Status == HealthStatus.Healthy ? "ready" : "not ready";
        object body = IsOperator(context.User, context.RequestServices.GetRequiredService<IConfiguration>())
            ? new
            {
                status,
                checks = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new { status = e.Value.Status == HealthStatus.Healthy ? "up" : "down", detail = e.Value.Description, ms = (int)e.Value.Duration.TotalMilliseconds }),
                integrations = await IntegrationHealthReport.ReadAsync(context.RequestServices.GetRequiredService<IGrainFactory>()),
            }
            : new { status };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }

    private static bool IsOperator(ClaimsPrincipal user, IConfiguration configuration) =>
        user.Identity?.IsAuthenticated == true
        && user.FindFirstValue(Caller.TenantClaim) is not null
        && user.FindFirstValue(Caller.UserClaim) is not null
        && OpsAccess.IsOperator(Caller.From(user), configuration);
}
