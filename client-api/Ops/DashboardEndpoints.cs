using Orleans.Dashboard;

namespace Sophia.ClientApi.Ops;

/// <summary>
/// The Orleans dashboard at <c>/ops/dashboard/</c>: silos, grain activations, method timings, reminders and the live
/// log of the whole cluster, for operators only (it shows every tenant's grains and can stream every silo's log).
/// </summary>
public static class DashboardEndpoints
{
    public const string Path = "/ops/dashboard";

    public static IEndpointRouteBuilder MapOpsDashboard(this IEndpointRouteBuilder routes)
    {
        routes.MapOrleansDashboard(Path).RequireAuthorization().RequireOperator();
        return routes;
    }
}
