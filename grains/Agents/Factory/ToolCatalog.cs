using Microsoft.Extensions.AI;
using Sophia.Agents.Tools;

namespace Sophia.Agents.Factory;

/// <summary>The tools agents may be allowed to call, by name.</summary>
public static class ToolCatalog
{
    public static readonly IReadOnlyCollection<string> Names = BuiltInTools.All.Select(t => t.Name).ToList();

    /// <summary>The safe tools among <paramref name="allowed"/>, ready for one turn. Risky tools wait for human approval support.</summary>
    public static IList<AITool> For(IEnumerable<string> allowed, ToolContext context) =>
        BuiltInTools.All.Where(t => !t.Risky && allowed.Contains(t.Name)).Select(t => (AITool)t.Create(context)).ToList();
}
