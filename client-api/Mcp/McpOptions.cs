using System.ComponentModel.DataAnnotations;

namespace Sophia.ClientApi.Mcp;

/// <summary>Settings of Sophia's MCP server at <c>/mcp</c> (<c>Sophia:Mcp</c>).</summary>
public sealed class McpOptions
{
    public const string Section = "Sophia:Mcp";

    /// <summary>How long <c>ask_sophia</c> waits for the answer before it says where to read it later; the turn goes on.</summary>
    [Range(1, 3600)]
    public int AnswerTimeoutSeconds { get; set; } = 300;
}
