using System.Security.Claims;
using Sophia.ClientApi.Auth;
using Sophia.Integrations;

namespace Sophia.ClientApi.Mcp;

/// <summary>
/// The tools one caller may use over MCP, worked out on every request from the authenticated caller: Sophia's own, for
/// the permissions of the caller's role, then the safe tools of the integrations the caller's tenant connected.
/// </summary>
public sealed class McpToolCatalog(SearchMemoryMcpTool searchMemory, AskSophiaMcpTool askSophia, IGrainFactory grains)
{
    public async Task<IReadOnlyList<IMcpTool>> ForAsync(ClaimsPrincipal user, Caller caller)
    {
        var tools = new List<IMcpTool>();
        tools.AddRange(new IMcpTool[] { searchMemory, askSophia }.Where(t => user.Has(t.Permission)));
        var integrationSpecs = await grains.GetGrain<IIntegrationRegistryGrain>(caller.Tenant).ToolsAsync();
        foreach (var spec in integrationSpecs)
        {
            if (tools.All(t => t.Definition.Name != spec.Name) && IntegrationMcpTool.Offer(spec, grains) is { } tool && user.Has(tool.Permission))
            {
                tools.Add(tool);
            }
        }

        return tools;
    }
}
