using System.Text;
using Microsoft.Extensions.AI;
using Sophia.Agents.Swarm;
using Sophia.Agents.Tools;
using Sophia.Chat;
using Sophia.Tenancy;
using static Sophia.Agents.StepEvents;

namespace Sophia.Agents;

/// <summary>
/// The swarm: a goal goes to the planner, each step to the researcher or the coder through a grain call, and the
/// mediator writes the answer from what they found. The step log is persisted before and after each step, so a turn
/// cut off by a crash resumes from its last finished step; a step waiting for a person resumes once they decide.
/// </summary>
public sealed partial class MediatorAgentGrain
{
    private bool IsRunningPlan(long turnSeq) => turnLog.State.TurnSeq == turnSeq && turnLog.State.Steps.Count > 0;

    private ISpecialistAgentGrain Specialist(string agent) => agent == SwarmAgents.Coder
        ? GrainFactory.GetGrain<ICoderAgentGrain>(this.GetPrimaryKeyString())
        : GrainFactory.GetGrain<IResearcherAgentGrain>(this.GetPrimaryKeyString());

    private async Task RunPlanAsync(RunningTurn turn, Persona persona, IReadOnlyList<ChatEvent> history, string goal, IReadOnlyList<PlanStep>? writtenSteps, string? callId)
    {
        callId ??= $"plan-{turn.UserSeq}";
        if (string.IsNullOrWhiteSpace(goal))
        {
            await AppendAsync(turn, Draft(ChatEventTypes.Message, $"Say what to plan. {ToolCommands.Usage}"), Draft(ChatEventTypes.Done, ""));
            return;
        }

        var (steps, planUsage) = (writtenSteps, (TurnUsage?)null);
        var started = time.GetTimestamp();
        if (steps is null)
        {
            await AppendAsync(turn, StepDraft(new StepInfo(SwarmAgents.Planner, "plan", null, "running", 0, 0)));
            var plan = await GrainFactory.GetGrain<IPlannerAgentGrain>(this.GetPrimaryKeyString())
                .PlanAsync(goal, history.Select(m => $"{m.Role}: {m.Text}").ToList(), turn.Cancellation.Token);
            if (plan.Problem is { } problem)
            {
                await AppendAsync(turn, StepDraft(new StepInfo(SwarmAgents.Planner, "plan", null, "failed", Elapsed(started), Tokens(plan.Usage))) with { Text = problem, Usage = plan.Usage });
                await FinishPlanAsync(turn, persona, history, goal, callId, $"No plan: {problem}");
                return;
            }

            (steps, planUsage) = (plan.Steps, plan.Usage);
        }

        turnLog.State = new TurnLogState { TurnSeq = turn.UserSeq, Goal = goal, CallId = callId, Steps = [.. steps] };
        await turnLog.WriteStateAsync();
        var planText = string.Join("\n", steps.Select(s => $"{s.Number}. {s.Agent}{(s.Tool is null ? "" : $" ({s.Tool})")}: {s.Task}"));
        var planner = writtenSteps is null ? SwarmAgents.Planner : SwarmAgents.Mediator;
        await AppendAsync(turn, StepDraft(new StepInfo(planner, "plan", null, "done", Elapsed(started), Tokens(planUsage))) with { Text = planText, Usage = planUsage });
        await RunRemainingStepsAsync(turn, persona, history);
    }

    /// <summary>After a restart: continue a plan from its last finished step, or from the decision it was waiting for.</summary>
    private async Task ResumePlanAsync(RunningTurn turn, Persona persona, IReadOnlyList<ChatEvent> history)
    {
        if (turnLog.State.WaitingApproval is not { } approvalId)
        {
            await RunRemainingStepsAsync(turn, persona, history);
        }
        else if ((await Approval(approvalId).GetAsync())?.Approved is not null)
        {
            await ContinuePlanAfterApprovalAsync(turn, persona, history, approvalId);
        }
        else
        {
            turn.Paused = true;
        }
    }

    private async Task RunRemainingStepsAsync(RunningTurn turn, Persona persona, IReadOnlyList<ChatEvent> history)
    {
        var log = turnLog.State;
        foreach (var step in log.Remaining.ToList())
        {
            await AppendAsync(turn, StepDraft(new StepInfo(step.Agent, $"step {step.Number}", step.Tool, "running", 0, 0)) with { Text = $"{step.Number}. {step.Task}" });
            var started = time.GetTimestamp();
            var outcome = await RunStepAsync(turn, new StepRequest(turn.UserSeq, log.Goal, step, [.. log.Finished]));
            if (!await RecordStepAsync(turn, step, outcome, started))
            {
                return;
            }
        }

        var results = new StringBuilder();
        foreach (var outcome in log.Finished)
        {
            results.Append($"{outcome.Number}. {outcome.Agent}{(outcome.Succeeded ? "" : " (failed)")}: {outcome.Text}\n\n");
        }

        await FinishPlanAsync(turn, persona, history, log.Goal, log.CallId, results.ToString().TrimEnd());
        turnLog.State = new TurnLogState();
        await turnLog.ClearStateAsync();
    }

    /// <summary>Hands the step to its agent; an agent that fails makes a failed step, and the plan goes on with what the others found.</summary>
    private async Task<StepOutcome> RunStepAsync(RunningTurn turn, StepRequest request)
    {
        try
        {
            return await Specialist(request.Step.Agent).RunStepAsync(request, turn.Cancellation.Token);
        }
        catch (Exception ex) when (!turn.Cancellation.IsCancellationRequested && ex is not QuotaExceededException)
        {
            logger.LogWarning(ex, "Step {Step} of {Conversation}#{Seq} failed", request.Step.Number, this.GetPrimaryKeyString(), turn.UserSeq);
            return new StepOutcome(request.Step.Number, request.Step.Agent, $"The {request.Step.Agent} failed: {ModelFailure.Describe(ex)}", false, null);
        }
    }

    /// <summary>Persists what a step produced; false when the step waits for a person instead.</summary>
    private async Task<bool> RecordStepAsync(RunningTurn turn, PlanStep step, StepOutcome outcome, long started)
    {
        var log = turnLog.State;
        if (outcome.PendingApproval is { } call)
        {
            var approvalId = await RequestApprovalAsync(turn, call);
            (log.WaitingApproval, log.WaitingCall, log.WaitingAgent, log.Announced) = (approvalId, call, step.Agent, false);
            await turnLog.WriteStateAsync();
            turn.Paused = true;
            await AnnounceWaitingApprovalAsync(turn);
            return false;
        }

        (log.WaitingApproval, log.WaitingCall, log.WaitingAgent, log.Announced) = (null, null, null, false);
        log.Finished.Add(outcome);
        await turnLog.WriteStateAsync();
        var status = new StepInfo(step.Agent, $"step {step.Number}", step.Tool, outcome.Succeeded ? "done" : "failed", Elapsed(started), Tokens(outcome.Usage));
        await AppendAsync(turn, StepDraft(status) with { Text = outcome.Text, Usage = outcome.Usage });
        return true;
    }

    private async Task ContinuePlanAfterApprovalAsync(RunningTurn turn, Persona persona, IReadOnlyList<ChatEvent> history, string approvalId)
    {
        var log = turnLog.State;
        var step = log.Remaining.First();
        var result = await DecisionResultAsync(turn, step.Agent, approvalId);
        var started = time.GetTimestamp();
        var request = new StepRequest(turn.UserSeq, log.Goal, step, [.. log.Finished], new ApprovedToolCall(log.WaitingCall!, result));
        if (await RecordStepAsync(turn, step, await RunStepAsync(turn, request), started))
        {
            await RunRemainingStepsAsync(turn, persona, history);
        }
    }

    /// <summary>The answer from the plan's results: written by the model as the result of its plan call, or the results themselves offline.</summary>
    private async Task FinishPlanAsync(RunningTurn turn, Persona persona, IReadOnlyList<ChatEvent> history, string goal, string callId, string results)
    {
        var messages = ToChatMessages(persona, history);
        messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, PlanTool.Name, new Dictionary<string, object?> { ["goal"] = goal })]));
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(callId, results)]));
        await AnswerAsync(model.Client, turn, persona, messages, offerPlan: false);
    }

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;

    private static long Tokens(TurnUsage? usage) => usage is null ? 0 : usage.InputTokens + usage.OutputTokens;
}
