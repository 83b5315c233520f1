using System.Text.Json;
using ModelContextProtocol.Protocol;
using Sophia.ClientApi.Auth;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Mcp;

/// <summary>One tool Sophia serves over MCP: what clients are shown, the permission it needs, and how it runs for a caller.</summary>
public interface IMcpTool
{
    Tool Definition { get; }

    Permission Permission { get; }

    /// <summary>Runs for <paramref name="caller"/>; what the caller must fix comes back as a tool error, not an exception.</summary>
    Task<CallToolResult> CallAsync(Caller caller, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken cancellationToken);
}
