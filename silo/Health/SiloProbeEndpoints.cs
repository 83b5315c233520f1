using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Sophia.Silo.Health;

/// <summary>
/// A silo's <c>/healthz</c> (the process answers) and <c>/readyz</c> (every dependency checked, 503 when one is down).
/// A silo has no sign-in, so its readiness says only ready or not; the gateway's shows operators each check.
/// </summary>
public static class SiloProbeEndpoints
{
    public static IEndpointRouteBuilder MapSiloProbes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Ok(new { status = "alive" }));
        routes.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new { status = report.Status == HealthStatus.Healthy ? "ready" : "not ready" }),
        });
        return routes;
    }
}
