using System.Security.Claims;
using Sophia.Agents;
using Sophia.Agents.Factory;
using Sophia.Agents.Tools;
using Sophia.Integrations;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.ClientApi.Auth;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Agents;

/// <summary>The Agent Factory's REST: the tenant's user-defined agents.</summary>
public static class AgentEndpoints
{
    public sealed record AgentRequest(string? Instructions, string? Model, IReadOnlyList<string>? AllowedTools);

    public static IEndpointRouteBuilder MapAgentEndpoints(this IEndpointRouteBuilder routes)
    {
        var agents = routes.MapGroup("/api/agents").RequireAuthorization();

        agents.MapGet("/", async (ClaimsPrincipal user, IGrainFactory grains) => await ListAsync(grains, Caller.From(user).Tenant));

        agents.MapGet("/tools", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var integrations = await grains.GetGrain<IIntegrationRegistryGrain>(Caller.From(user).Tenant).ToolsAsync();
            return Results.Ok(new
            {
                tools = BuiltInTools.All.Select(t => new { name = t.Name, description = t.Description, risky = t.Risky, integration = (string?)null })
                    .Concat(integrations.Select(t => new { name = t.Name, description = t.Description, risky = t.Risky, integration = (string?)t.Integration })),
                patterns = new[] { ToolCatalog.AllIntegrationTools, "github_*", "mcp__{name}__*" },
            });
        });

        agents.MapGet("/{name}", async (string name, ClaimsPrincipal user, IGrainFactory grains) =>
            await Agent(grains, Caller.From(user), name).GetAsync() is { } definition
                ? Results.Ok(definition)
                : NotFound(name));

        agents.MapPut("/{name}", async (string name, AgentRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            var definition = new AgentDefinition(name, request?.Instructions ?? "", request?.Model, request?.AllowedTools ?? []);
            try
            {
                var created = await Agent(grains, Caller.From(user), name).SaveAsync(definition);
                await audit.RecordAsync(http, AuditActions.AgentUpdated, name, new { created, definition.Model, definition.AllowedTools });
                return created ? Results.Created($"/api/agents/{name}", definition) : Results.Ok(definition);
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(statusCode: 400, title: ex.Message);
            }
        }).RequirePermission(Permission.ManageAgents);

        agents.MapDelete("/{name}", async (string name, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            if (!await Agent(grains, Caller.From(user), name).DeleteAsync())
            {
                return NotFound(name);
            }

            await audit.RecordAsync(http, AuditActions.AgentDeleted, name);
            return Results.NoContent();
        }).RequirePermission(Permission.ManageAgents);

        return routes;
    }

    /// <summary>The tenant's agent definitions, by name.</summary>
    public static async Task<IReadOnlyList<AgentDefinition>> ListAsync(IGrainFactory grains, string tenant)
    {
        var names = await grains.GetGrain<ITenantGrain>(tenant).ListAgentsAsync();
        var definitions = await Task.WhenAll(names.Select(n => grains.GetGrain<IAgentDefinitionGrain>(GrainKeys.Of(tenant, n)).GetAsync()));
        return definitions.OfType<AgentDefinition>().ToList();
    }

    private static IAgentDefinitionGrain Agent(IGrainFactory grains, Caller caller, string name) =>
        grains.GetGrain<IAgentDefinitionGrain>(GrainKeys.Of(caller.Tenant, GrainKeys.IsWellFormedId(name) ? name : "-invalid-"));

    private static IResult NotFound(string name) => Results.Problem(statusCode: 404, title: $"No agent named '{name}'. GET /api/agents lists them.");
}
