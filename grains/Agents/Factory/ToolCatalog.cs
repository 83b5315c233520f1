using Microsoft.Extensions.AI;
using Sophia.Agents.Tools;

namespace Sophia.Agents.Factory;

/// <summary>The tools agents may be allowed to call, by name.</summary>
public static class ToolCatalog
{
    public static readonly IReadOnlyCollection<string> Names = BuiltInTools.All.Select(t => t.Name).ToList();

    /// <summary>The tools among <paramref name="allowed"/> that exist with these settings.</summary>
    public static IEnumerable<SophiaTool> Available(IEnumerable<string> allowed, ToolOptions options) =>
        BuiltInTools.All.Where(t => allowed.Contains(t.Name) && (t.IsAvailable?.Invoke(options) ?? true));

    /// <summary>
    /// The tools for one step of a turn (<paramref name="turnKey"/>: conversation, turn and step). A risky tool is offered
    /// behind a gate: calling it ends the step with <paramref name="onRiskyCall"/> instead of running it, so a person can
    /// decide first. Every other call is recorded, so a resumed turn does not run it twice.
    /// </summary>
    public static List<AITool> For(IEnumerable<string> allowed, ToolContext context, Action<FunctionCallContent> onRiskyCall, IGrainFactory grains, string turnKey) =>
        Available(allowed, context.Options)
            .Select(t => t.Risky ? new ApprovalGate(t.Create(context), onRiskyCall) : (AITool)new RecordedTool(t.Create(context), grains, turnKey, context.Quota))
            .ToList();

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
