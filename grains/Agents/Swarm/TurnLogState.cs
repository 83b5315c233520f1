namespace Sophia.Agents.Swarm;

/// <summary>
/// The step log of the turn a mediator is running a plan for, written before each step runs and after it finishes,
/// so a turn cut off by a crash resumes from its last finished step.
/// </summary>
[GenerateSerializer, Alias("sophia.TurnLogState")]
public sealed class TurnLogState
{
    [Id(0)] public long TurnSeq { get; set; }
    [Id(1)] public string Goal { get; set; } = "";
    [Id(2)] public string CallId { get; set; } = "";
    [Id(3)] public List<PlanStep> Steps { get; set; } = [];
    [Id(4)] public List<StepOutcome> Finished { get; set; } = [];
    [Id(5)] public string? WaitingApproval { get; set; }
    [Id(6)] public ToolCallRequest? WaitingCall { get; set; }

    /// <summary>Who asks for the waiting approval, and whether the user has been shown it yet.</summary>
    [Id(7)] public string? WaitingAgent { get; set; }

    [Id(8)] public bool Announced { get; set; }

    public IEnumerable<PlanStep> Remaining => Steps.Where(s => Finished.All(f => f.Number != s.Number));
}
