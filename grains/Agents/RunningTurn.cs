using System.Text;
using Microsoft.Extensions.AI;
using Sophia.Chat;

namespace Sophia.Agents;

/// <summary>The turn a mediator is running: its answer so far, its cancellation, its tool steps and token usage.</summary>
internal sealed class RunningTurn(long userSeq, CancellationToken deactivating) : IDisposable
{
    public long UserSeq { get; } = userSeq;

    public StringBuilder Answer { get; } = new();

    public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(deactivating);

    /// <summary>What the turn's model and tool calls spend, of the conversation owner's quotas.</summary>
    public required QuotaGuard Quota { get; init; }

    private long _inputTokens;
    private long _outputTokens;
    private string? _model;

    /// <summary>Adds the usage a streamed update reports (providers send it once, at the end).</summary>
    public void Count(ChatResponseUpdate update)
    {
        _model ??= update.ModelId;
        foreach (var usage in update.Contents.OfType<UsageContent>())
        {
            _inputTokens += usage.Details.InputTokenCount ?? 0;
            _outputTokens += usage.Details.OutputTokenCount ?? 0;
        }
    }

    private readonly Dictionary<string, (string Tool, long StartedAt)> _toolCalls = [];

    /// <summary>The risky tool call that ended this turn to wait for a person, if any.</summary>
    public FunctionCallContent? PendingApproval { get; private set; }

    public void RequestApproval(FunctionCallContent call) => PendingApproval ??= call;

    /// <summary>The risky tools offered behind an approval gate: calling one is not a step that runs.</summary>
    public HashSet<string> GatedTools { get; } = [];

    /// <summary>True once the turn paused to wait for a person: it stays open and holds the turns behind it.</summary>
    public bool Paused { get; set; }

    /// <summary>The goal the model handed to the planner, ending this part of the turn, if any.</summary>
    public (FunctionCallContent Call, string Goal)? PlanRequest { get; private set; }

    public void RequestPlan(FunctionCallContent call, string goal) => PlanRequest ??= (call, goal);

    /// <summary>The tool steps an update starts or finishes, as the user should see them.</summary>
    public IEnumerable<(StepInfo Step, string? Detail)> Steps(ChatResponseUpdate update, string agent, TimeProvider time)
    {
        foreach (var content in update.Contents)
        {
            if (content is FunctionCallContent call && !GatedTools.Contains(call.Name) && call.Name != Swarm.PlanTool.Name)
            {
                _toolCalls[call.CallId] = (call.Name, time.GetTimestamp());
                yield return (new StepInfo(agent, "call tool", call.Name, "running", 0, 0), null);
            }
            else if (content is FunctionResultContent result && _toolCalls.Remove(result.CallId, out var started))
            {
                var duration = (long)time.GetElapsedTime(started.StartedAt).TotalMilliseconds;
                // The passages a memory search returned travel with its step, so the page can link the answer's [n] to them.
                var detail = started.Tool == Tools.MemoryTools.SearchMemory.Name && result.Exception is null ? result.Result?.ToString() : null;
                yield return (new StepInfo(agent, "call tool", started.Tool, result.Exception is null ? "done" : "failed", duration, 0), detail);
            }
        }
    }

    /// <summary>What the turn's model calls cost; null when no model answered (offline).</summary>
    public TurnUsage? Usage(string agent, string? requestedModel) => _model is null && _inputTokens == 0 && _outputTokens == 0
        ? null
        : new(agent, _model ?? requestedModel ?? "", _inputTokens, _outputTokens);

    public void Dispose() => Cancellation.Dispose();
}
