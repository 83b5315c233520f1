namespace Sophia.Agents.Factory;

/// <summary>The tools agents may be allowed to call. Empty until the tools of the agent swarm arrive.</summary>
public static class ToolCatalog
{
    public static readonly IReadOnlyCollection<string> Names = [];
}
