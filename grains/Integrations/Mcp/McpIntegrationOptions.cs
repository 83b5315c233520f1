namespace Sophia.Integrations.Mcp;

/// <summary>Operator settings of tenant-registered MCP servers (<c>Sophia:Integrations:Mcp</c>).</summary>
public sealed class McpIntegrationOptions
{
    public const string Section = "Sophia:Integrations:Mcp";
    public const string AllowStdioKey = Section + ":AllowStdio";

    /// <summary>
    /// Whether a tenant admin may register an MCP server as a command the silo starts (stdio). Off by default: the
    /// command runs on the silo's machine with the silo's rights.
    /// </summary>
    public bool AllowStdio { get; set; }
}
