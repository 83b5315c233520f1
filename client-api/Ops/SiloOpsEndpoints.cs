using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.Ops;

namespace Sophia.ClientApi.Ops;

/// <summary>
/// Operator commands over REST: <c>GET /api/ops/regions</c>, <c>GET /api/ops/silos</c> (optionally <c>?region=</c>) and
/// <c>POST /api/ops/silos/{silo}/drain</c>. <c>dotnet run --project silo -- ops ...</c> runs the same grain calls.
/// </summary>
public static class SiloOpsEndpoints
{
    public static IEndpointRouteBuilder MapSiloOpsEndpoints(this IEndpointRouteBuilder routes)
    {
        var ops = routes.MapGroup("/api/ops").RequireAuthorization().RequireOperator();

        ops.MapGet("/regions", async (IGrainFactory grains) =>
            Results.Ok((await grains.GetGrain<IClusterViewGrain>(0).GetAsync()).Regions()
                .Select(r => new { r.Region, r.Active, Silos = r.Silos.Count })));

        ops.MapGet("/silos", async (string? region, IGrainFactory grains) =>
        {
            var regions = (await grains.GetGrain<IClusterViewGrain>(0).GetAsync()).Regions().ToList();
            if (region is not null && regions.All(r => r.Region != region))
            {
                return Results.Problem(statusCode: 404, title: $"No silo is in region '{region}'. Regions: {string.Join(", ", regions.Select(r => r.Region))}.");
            }

            return Results.Ok(regions.Where(r => region is null || r.Region == region));
        });

        ops.MapPost("/silos/{silo}/drain", async (string silo, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            var result = await grains.GetGrain<IClusterViewGrain>(0).DrainAsync(silo);
            if (result.Outcome == DrainOutcome.Draining)
            {
                await audit.RecordAsync(http, AuditActions.SiloDrained, result.Silo!.Name, new { result.Silo.Address, result.Silo.Region });
            }

            return result.Outcome switch
            {
                DrainOutcome.Draining => Results.Accepted(value: result.Silo),
                DrainOutcome.NotFound => Results.Problem(statusCode: 404, title: $"No silo is named '{silo}': GET /api/ops/silos lists each silo's name and address."),
                DrainOutcome.NotActive => Results.Problem(statusCode: 409, title: $"Silo '{result.Silo!.Name}' is {result.Silo.Status}, not active: there is nothing to drain."),
                _ => Results.Problem(statusCode: 409, title: $"Silo '{result.Silo!.Name}' is the last active silo: draining it would stop the cluster. Start another silo first."),
            };
        });
        return routes;
    }
}
