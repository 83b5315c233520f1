using Microsoft.Extensions.AI;
using Sophia.Tenancy;

namespace Sophia.Agents.Tools;

/// <summary>What one tool call gave: its result (or why it failed) and how long it took.</summary>
public sealed record ToolRunResult(string Text, bool Succeeded, long DurationMs);

/// <summary>Running a tool outside the model's function-calling loop, and where its calls are recorded.</summary>
public static class ToolRun
{
    /// <summary>Runs the tool; a failure becomes a result the user and the model can read, not an exception that ends the turn (a quota refusal does end it).</summary>
    public static async Task<ToolRunResult> InvokeAsync(AIFunction function, AIFunctionArguments arguments, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var result = await function.InvokeAsync(arguments, cancellationToken);
            return new ToolRunResult($"{result}", true, (long)time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not QuotaExceededException)
        {
            return new ToolRunResult($"{function.Name} failed: {ex.Message}", false, (long)time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>The key a turn's tool calls are recorded under: conversation, turn, and plan step (0 for the mediator's own calls).</summary>
    public static string TurnKey(string conversationKey, long turnSeq, int step) => $"{conversationKey}/{turnSeq}/{step}";
}
