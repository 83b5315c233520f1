using Microsoft.Extensions.AI;
using Sophia.Agents.Tools;

namespace Sophia.Agents.Factory;

/// <summary>
/// The tools agents may be allowed to call: the built-in ones by name, and the tools of the tenant's integrations by
/// name or by pattern (<c>github_*</c>; <see cref="AllIntegrationTools"/> for all of them).
/// </summary>
public static class ToolCatalog
{
    /// <summary>Allows every tool of every integration the tenant connects, now or later.</summary>
    public const string AllIntegrationTools = "*";

    public static readonly IReadOnlyCollection<string> Names = BuiltInTools.All.Select(t => t.Name).ToList();

    /// <summary>Whether an allowed-tools list lets an agent use an integration's tool.</summary>
    public static bool AllowsIntegrationTool(IEnumerable<string> allowed, string tool) =>
        allowed.Any(a => a == tool || (a.EndsWith('*') && tool.StartsWith(a[..^1], StringComparison.Ordinal)));

    /// <summary>The tools among <paramref name="allowed"/> that exist now: built-in ones with their settings, and the tenant's integrations'.</summary>
    public static async Task<IReadOnlyList<SophiaTool>> AvailableAsync(IEnumerable<string> allowed, ToolContext context)
    {
        var names = allowed.ToList();
        var builtIn = BuiltInTools.All.Where(t => names.Contains(t.Name) && (t.IsAvailable?.Invoke(context.Options) ?? true));
        var integrations = (await IntegrationTools.OfTenantAsync(context)).Where(t => AllowsIntegrationTool(names, t.Name));
        return [.. builtIn, .. integrations];
    }

    /// <summary>
    /// The tools for one step of a turn (<paramref name="turnKey"/>: conversation, turn and step). A risky tool is offered
    /// behind a gate: calling it ends the step with the turn's approval request instead of running it, so a person can
    /// decide first. Every other call is recorded, so a resumed turn does not run it twice.
    /// </summary>
    internal static async Task<List<AITool>> ForAsync(IEnumerable<string> allowed, ToolContext context, RunningTurn turn, string turnKey)
    {
        var tools = await AvailableAsync(allowed, context);
        turn.GatedTools.UnionWith(tools.Where(t => t.Risky).Select(t => t.Name));
        return tools.Select(t => t.Risky ? new ApprovalGate(t.Create(context), turn.RequestApproval) : (AITool)new RecordedTool(t.Create(context), context, turnKey)).ToList();
    }

    private sealed class ApprovalGate(AIFunction tool, Action<FunctionCallContent> onRiskyCall) : DelegatingAIFunction(tool)
    {
        protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            var context = FunctionInvokingChatClient.CurrentContext!;
            context.Terminate = true;
            onRiskyCall(context.CallContent);
            return ValueTask.FromResult<object?>("Waiting for a person to approve this call.");
        }
    }
}
