using System.Text.Json;
using ModelContextProtocol.Protocol;
using Sophia.ClientApi.Auth;
using Sophia.Integrations;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Mcp;

/// <summary>A safe tool of an integration the caller's tenant connected, run by that integration's grain for the caller.</summary>
public sealed class IntegrationMcpTool(IntegrationToolSpec spec, Tool definition, IGrainFactory grains) : IMcpTool
{
    public Tool Definition => definition;

    public Permission Permission => Permission.Chat;

    /// <summary>The tool as MCP shows it; null for a risky tool (a person approves each call, which MCP has no way to ask) or an unusable schema.</summary>
    public static IntegrationMcpTool? Offer(IntegrationToolSpec spec, IGrainFactory grains)
    {
        if (spec.Risky)
        {
            return null;
        }

        try
        {
            using var schema = JsonDocument.Parse(spec.InputSchema);
            return new IntegrationMcpTool(spec, new Tool
            {
                Name = spec.Name,
                Description = spec.Description,
                InputSchema = schema.RootElement.Clone(),
                Annotations = new ToolAnnotations { DestructiveHint = false, OpenWorldHint = true },
            }, grains);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return null;
        }
    }

    public async Task<CallToolResult> CallAsync(Caller caller, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var integration = grains.GetGrain<IIntegrationGrain>(IntegrationNames.Key(caller.Tenant, spec.Integration));
            return McpResults.Text(await integration.CallToolAsync(spec.Name, JsonSerializer.Serialize(arguments), caller.User));
        }
        catch (Exception ex) when (ex is IntegrationRefusedException or ArgumentException)
        {
            return McpResults.Error(ex.Message);
        }
    }
}
