using Microsoft.Extensions.Options;
using Sophia.Ops;

namespace Sophia.ClientApi.Ops;

/// <summary>
/// <c>/api/ops/cluster</c>: silos grouped by region and activations per grain type. <c>/api/ops/metrics</c>: turn latency
/// and errors per minute, GPU spend over time and usage with model cost per user, for the last hours (kept in memory).
/// </summary>
public static class ClusterOpsEndpoints
{
    public static IServiceCollection AddSophiaOpsEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ModelPriceOptions>().Bind(configuration.GetSection(ModelPriceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapClusterOpsEndpoints(this IEndpointRouteBuilder routes)
    {
        var ops = routes.MapGroup("/api/ops").RequireAuthorization().RequireOperator();

        ops.MapGet("/cluster", async (IGrainFactory grains) =>
        {
            var view = await grains.GetGrain<IClusterViewGrain>(0).GetAsync();
            return Results.Ok(new
            {
                view.At,
                Regions = view.Regions(),
                Activations = view.Silos.Where(s => s.Status == "active").Sum(s => s.Activations),
                view.GrainTypes,
            });
        });

        ops.MapGet("/metrics", async (IGrainFactory grains, IOptions<ModelPriceOptions> prices) =>
        {
            var metrics = await grains.GetGrain<IOpsMetricsGrain>(0).GetAsync();
            return Results.Ok(new
            {
                metrics.Since,
                WindowMinutes = (int)metrics.Window.TotalMinutes,
                Turns = metrics.Turns.Select(t => new
                {
                    t.Minute,
                    t.Turns,
                    t.Errors,
                    ErrorRate = t.Turns == 0 ? 0 : Math.Round((double)t.Errors / t.Turns, 4),
                    P50Ms = Math.Round(t.P50Ms),
                    P95Ms = Math.Round(t.P95Ms),
                }),
                GpuSpend = metrics.GpuSpend.Select(s => new { s.Region, s.At, s.SpendCentsPerHour, SpentCents = Math.Round(s.SpentCents, 2), s.LiveLeases }),
                Usage = metrics.Usage.Select(u => new
                {
                    u.User,
                    Model = u.Model.Length == 0 ? null : u.Model,
                    u.Turns,
                    u.InputTokens,
                    u.OutputTokens,
                    CostCents = prices.Value.CostCents(u.Model, u.InputTokens, u.OutputTokens),
                }),
                PricedModels = prices.Value.ModelPrices.Select(p => p.Model),
            });
        });
        return routes;
    }
}
