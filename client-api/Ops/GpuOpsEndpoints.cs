using System.Text.Json;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.Gpu;
using Sophia.Silo.Hosting;

namespace Sophia.ClientApi.Ops;

/// <summary><c>/api/ops/gpu</c>: operators watch a region's GPU pool, set its desired count, pause or resume launching.</summary>
public static class GpuOpsEndpoints
{
    public static IEndpointRouteBuilder MapGpuOpsEndpoints(this IEndpointRouteBuilder routes)
    {
        var gpu = routes.MapGroup("/api/ops/gpu").RequireAuthorization().RequireOperator();

        gpu.MapGet("/", async (string? region, IGrainFactory grains, IConfiguration configuration) =>
            await WithPool(region, grains, configuration, async pool =>
                Results.Ok(GpuPoolView.Of(await pool.GetStatusAsync(), await grains.GetGrain<IEmbeddingRouterGrain>(0).GetStatsAsync()))));

        gpu.MapPost("/desired", async (HttpRequest request, string? region, IGrainFactory grains, IConfiguration configuration, AuditTrail audit) =>
        {
            if (await ReadCountAsync(request) is not (true, var count))
            {
                return Results.Problem(statusCode: 400, title: "Send a JSON body {\"count\": n} with a whole number n (0 up to Sophia:Gpu:MaxInstances), or {\"count\": null} to follow the embedding queue again.");
            }

            return await WithPool(region, grains, configuration, async pool =>
            {
                var status = await pool.SetDesiredCountAsync(count);
                await AuditAsync(audit, request.HttpContext, pool, new { change = "desired", count });
                await pool.RequestReconcileAsync();
                return Results.Ok(GpuPoolView.Of(status));
            });
        });

        gpu.MapPost("/pause", async (string? region, HttpContext http, IGrainFactory grains, IConfiguration configuration, AuditTrail audit) =>
            await WithPool(region, grains, configuration, async pool =>
            {
                var status = await pool.SetPausedAsync(true);
                await AuditAsync(audit, http, pool, new { change = "pause" });
                return Results.Ok(GpuPoolView.Of(status));
            }));

        gpu.MapPost("/resume", async (string? region, HttpContext http, IGrainFactory grains, IConfiguration configuration, AuditTrail audit) =>
            await WithPool(region, grains, configuration, async pool =>
            {
                var status = await pool.SetPausedAsync(false);
                await AuditAsync(audit, http, pool, new { change = "resume" });
                await pool.RequestReconcileAsync();
                return Results.Ok(GpuPoolView.Of(status));
            }));

        gpu.MapPost("/reconcile", async (bool? wait, string? region, IGrainFactory grains, IConfiguration configuration) =>
            await WithPool(region, grains, configuration, async pool =>
            {
                if (wait == true)
                {
                    return Results.Ok(GpuPoolView.Of(await pool.ReconcileAsync()));
                }

                await pool.RequestReconcileAsync();
                return Results.Accepted("/api/ops/gpu", GpuPoolView.Of(await pool.GetStatusAsync()));
            }));
        return routes;
    }

    // The pool serves every tenant, so the operator's own tenant keeps the record.
    private static Task AuditAsync(AuditTrail audit, HttpContext http, IGpuPoolGrain pool, object detail) =>
        audit.RecordAsync(http, AuditActions.GpuPoolChanged, pool.GetPrimaryKeyString(), detail);

    private static async Task<IResult> WithPool(string? region, IGrainFactory grains, IConfiguration configuration, Func<IGpuPoolGrain, Task<IResult>> action)
    {
        var name = region ?? SophiaGpuExtensions.PoolRegion(configuration);
        if (!SophiaGpuExtensions.IsPoolRegion(name))
        {
            return Results.Problem(statusCode: 400, title: $"'{region}' is not a region name: use 1-20 lowercase letters, digits or '-', or leave region out for this gateway's ({SophiaGpuExtensions.PoolRegion(configuration)}).");
        }

        try
        {
            return await action(grains.GetGrain<IGpuPoolGrain>(name));
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(statusCode: 400, title: ex.Message);
        }
    }

    /// <summary>(true, n) for <c>{"count": n}</c>, (true, null) for <c>{"count": null}</c>, (false, _) for anything else.</summary>
    private static async Task<(bool Valid, int? Count)> ReadCountAsync(HttpRequest request)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("count", out var count)
                ? count.ValueKind switch
                {
                    JsonValueKind.Null => (true, null),
                    JsonValueKind.Number when count.TryGetInt32(out var n) => (true, n),
                    _ => (false, null),
                }
                : (false, null);
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }
}
