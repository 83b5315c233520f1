using System.Security.Claims;
using System.Text.Json.Nodes;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Hosting;
using Sophia.Integrations;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Integrations;

/// <summary>
/// Tenant admins connect, inspect, sync and disconnect their tenant's integrations: <c>/api/integrations/{provider}</c>
/// for GitHub and web search, <c>/api/integrations/mcp/{name}</c> for each MCP server.
/// </summary>
public static class IntegrationEndpoints
{
    private const int MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapIntegrationEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/integrations").RequirePermission(Permission.ManageIntegrations);
        api.MapGet("", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var tenant = Caller.From(user).Tenant;
            var names = await grains.GetGrain<IIntegrationRegistryGrain>(tenant).ListAsync();
            var statuses = await Task.WhenAll(names.Select(n => grains.GetGrain<IIntegrationGrain>(IntegrationNames.Key(tenant, n)).GetAsync()));
            return Results.Ok(new { integrations = statuses.OfType<IntegrationStatus>().Select(IntegrationView.Of) });
        });

        foreach (var (route, nameOf) in new (string, Func<string, string?>)[] { ("/{provider}", Provider), ("/mcp/{name}", Mcp) })
        {
            api.MapPut(route, (HttpContext http, IGrainFactory grains, AuditTrail audit) => PutAsync(http, grains, audit, nameOf));
            api.MapGet(route, (HttpContext http, IGrainFactory grains) => WithIntegration(http, grains, nameOf, async grain =>
                await grain.GetAsync() is { } status ? Results.Ok(IntegrationView.Of(status)) : NotConnected(http)));
            api.MapDelete(route, (HttpContext http, IGrainFactory grains, AuditTrail audit) => WithIntegration(http, grains, nameOf, async grain =>
            {
                if (!await grain.DisconnectAsync())
                {
                    return NotConnected(http);
                }

                await audit.RecordAsync(http, AuditActions.IntegrationChanged, grain.GetPrimaryKeyString(), new { state = "disconnected" });
                return Results.NoContent();
            }));
            api.MapPost(route + "/sync", (HttpContext http, IGrainFactory grains) => WithIntegration(http, grains, nameOf, async grain =>
                await grain.GetAsync() is null ? NotConnected(http) : Results.Accepted(http.Request.Path.Value![..^"/sync".Length], IntegrationView.Of(await grain.StartSyncAsync()))));
            api.MapGet(route + "/tools", (HttpContext http, IGrainFactory grains, bool? refresh) => WithIntegration(http, grains, nameOf, async grain =>
                await grain.GetAsync() is null ? NotConnected(http) : Results.Ok(new { tools = (await grain.ListToolsAsync(refresh ?? false)).Select(IntegrationView.Of) })));
        }

        return routes;
    }

    private static async Task<IResult> PutAsync(HttpContext http, IGrainFactory grains, AuditTrail audit, Func<string, string?> nameOf)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Problem(statusCode: 413, title: $"The settings may be at most {MaxBodyBytes / 1024} KB.");
        }

        var body = await RequestBody.ReadAsync(async () => await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted),
            "Send the integration's settings as a JSON object.");
        return await WithIntegration(http, grains, nameOf, async grain =>
        {
            var caller = Caller.From(http.User);
            var status = await grain.ConnectAsync(body, caller.User);
            await audit.RecordAsync(http, AuditActions.IntegrationChanged, grain.GetPrimaryKeyString(), new { state = "connected", settings = JsonNode.Parse(status.Settings) });
            return Results.Ok(IntegrationView.Of(status));
        });
    }

    /// <summary>Runs <paramref name="act"/> on the named integration of the caller's tenant; an unknown name is a 404, a refusal a 400 saying why.</summary>
    private static async Task<IResult> WithIntegration(HttpContext http, IGrainFactory grains, Func<string, string?> nameOf, Func<IIntegrationGrain, Task<IResult>> act)
    {
        var route = http.Request.RouteValues;
        if (nameOf($"{route["provider"] ?? route["name"]}") is not { } integration)
        {
            return Results.Problem(statusCode: 404, title: route.ContainsKey("name")
                ? "An MCP server's name is 1 to 32 lower-case letters, digits and dashes."
                : $"Sophia has no integration '{route["provider"]}'; it has {string.Join(", ", IntegrationNames.Providers)} and mcp/{{name}}.");
        }

        try
        {
            return await act(grains.GetGrain<IIntegrationGrain>(IntegrationNames.Key(Caller.From(http.User).Tenant, integration)));
        }
        catch (IntegrationRefusedException refused)
        {
            return Results.Problem(statusCode: 400, title: refused.Message);
        }
    }

    private static string? Provider(string provider) => IntegrationNames.Providers.Contains(provider) ? provider : null;

    private static string? Mcp(string name) => IntegrationNames.IsWellFormedMcpName(name) ? IntegrationNames.Mcp(name) : null;

    private static IResult NotConnected(HttpContext http) =>
        Results.Problem(statusCode: 404, title: $"This integration is not connected: PUT {http.Request.Path} connects it.");
}
