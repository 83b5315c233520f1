using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Sophia.Agents.Factory;
using Sophia.Agents.Swarm;
using Sophia.Agents.Tools;
using Sophia.Chat;
using static Sophia.Agents.StepEvents;

namespace Sophia.Agents;

/// <summary>Human in the loop: a risky tool call pauses the turn until a person decides, then the turn resumes.</summary>
public sealed partial class MediatorAgentGrain
{
    // The approval grain is waiting on this call, so nothing here may call it back: the turn reads it once it runs.
    // The turn log is written before the user hears of the approval, so it knows this decision even if the turn's run
    // has not yet finished pausing.
    public Task ResumeAsync(string approvalId, long turnSeq)
    {
        if (turnLog.State.TurnSeq == turnSeq && turnLog.State.WaitingApproval == approvalId
            && _queue.ResumeAfterApproval(turnSeq, approvalId, Activity.Current?.Context ?? default))
        {
            RunQueue();
        }

        return Task.CompletedTask;
    }

    private IApprovalGrain Approval(string approvalId) => GrainFactory.GetGrain<IApprovalGrain>(GrainKeys.Of(Tenant, approvalId));

    private async Task PauseForApprovalAsync(RunningTurn turn, Persona persona, FunctionCallContent call)
    {
        var request = new ToolCallRequest(call.CallId, call.Name, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>()));
        var approvalId = await RequestApprovalAsync(turn, request);
        turnLog.State = new TurnLogState { TurnSeq = turn.UserSeq, WaitingApproval = approvalId, WaitingCall = request, WaitingAgent = persona.Agent };
        await turnLog.WriteStateAsync();
        turn.Paused = true;
        await AnnounceWaitingApprovalAsync(turn);
    }

    /// <summary>Persists the request before the user hears of it, so the decision outlives this activation.</summary>
    private async Task<string> RequestApprovalAsync(RunningTurn turn, ToolCallRequest call)
    {
        var approvalId = GrainKeys.NewConversationId();
        var owner = await Conversation.GetOwnerAsync();
        await Approval(approvalId).RequestAsync(new ApprovalRequest(this.GetPrimaryKeyString(), owner, turn.UserSeq, call.CallId, call.Tool, call.Arguments));
        return approvalId;
    }

    /// <summary>
    /// Shows the user the approval the turn log waits for. A run cut off between the log and this append left the
    /// turn waiting for a decision nobody was asked for, so a paused turn that was never announced is announced again.
    /// </summary>
    private async Task AnnounceWaitingApprovalAsync(RunningTurn turn)
    {
        var (call, approvalId) = (turnLog.State.WaitingCall!, turnLog.State.WaitingApproval!);
        var preview = await PreviewAsync(turn, call);
        await AppendAsync(turn, new ChatEventDraft(ChatEventTypes.Step, ChatRoles.Assistant,
            $"Sophia wants to run {call.Tool} with {call.Arguments}.{(preview is null ? "" : $"\n\n{preview}\n\n")} Approve or refuse.",
            Step: new StepInfo(turnLog.State.WaitingAgent ?? SwarmAgents.Mediator, "approval", call.Tool, "pending", 0, 0, approvalId)));
        turnLog.State.Announced = true;
        await turnLog.WriteStateAsync();
    }

    /// <summary>What the approver should see besides the arguments (a proposed change's diff); a preview that fails leaves the arguments alone.</summary>
    private async Task<string?> PreviewAsync(RunningTurn turn, ToolCallRequest call)
    {
        try
        {
            return await IntegrationTools.PreviewAsync(ToolContextFor(turn), call.Tool, call.Arguments);
        }
        catch (Exception ex) when (!turn.Cancellation.IsCancellationRequested)
        {
            logger.LogInformation("No preview of {Tool} for {Conversation}: {Reason}", call.Tool, this.GetPrimaryKeyString(), ex.Message);
            return null;
        }
    }

    private async Task ResumeAfterApprovalAsync(RunningTurn turn, Persona persona, IReadOnlyList<ChatEvent> history, string approvalId)
    {
        if ((await Approval(approvalId).GetAsync())?.Approved is null)
        {
            turn.Paused = true;
            if (turnLog.State is { Announced: false, WaitingCall: not null } && turnLog.State.WaitingApproval == approvalId)
            {
                await AnnounceWaitingApprovalAsync(turn);
            }

            return;
        }

        if (IsRunningPlan(turn.UserSeq) && turnLog.State.WaitingApproval == approvalId)
        {
            await ContinuePlanAfterApprovalAsync(turn, persona, history, approvalId);
            return;
        }

        var request = (await Approval(approvalId).GetAsync())!.Request;
        var result = await DecisionResultAsync(turn, persona.Agent, approvalId);
        if (request.CallId.StartsWith(ToolCommands.CommandCallPrefix, StringComparison.Ordinal))
        {
            // A /run command asked for this call: its result is the answer, with or without a model.
            await AppendAsync(turn, Draft(ChatEventTypes.Message, result), Draft(ChatEventTypes.Done, ""));
            return;
        }

        var messages = ToChatMessages(persona, history);
        var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(request.Arguments);
        messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(request.CallId, request.Tool, arguments)]));
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(request.CallId, result)]));
        await AnswerAsync(model.Client, turn, persona, messages, offerPlan: false);
    }

    /// <summary>Shows the decision, then runs the tool when approved; returns what the agent should hear: the tool's result or the refusal.</summary>
    private async Task<string> DecisionResultAsync(RunningTurn turn, string agent, string approvalId)
    {
        var status = (await Approval(approvalId).GetAsync())!;
        var request = status.Request;
        await AppendAsync(turn, StepDraft(new StepInfo(agent, "approval", request.Tool, status.Approved == true ? "approved" : "refused", 0, 0, approvalId)));
        return status.Approved == true
            ? await RunApprovedToolAsync(turn, agent, approvalId, status)
            : $"The user refused to run {request.Tool}{(string.IsNullOrWhiteSpace(status.Comment) ? "." : $": {status.Comment}")}";
    }

    /// <summary>Runs the approved tool at most once: the start is recorded before the call and the result after it.</summary>
    private async Task<string> RunApprovedToolAsync(RunningTurn turn, string agent, string approvalId, ApprovalStatus status)
    {
        if (status.Result is { } earlier)
        {
            return earlier;
        }

        if (status.RunStarted)
        {
            return RecordedTool.OutcomeUnknown;
        }

        var context = ToolContextFor(turn);
        if ((await ToolCatalog.AvailableAsync([status.Request.Tool], context)).FirstOrDefault() is not { } tool)
        {
            return $"{status.Request.Tool} is no longer available (its integration was disconnected or its settings removed); nothing was run.";
        }

        await AppendAsync(turn, StepDraft(new StepInfo(agent, "call tool", tool.Name, "running", 0, 0)));
        await turn.Quota.TakeToolCallAsync();
        await Approval(approvalId).MarkRunStartedAsync();
        var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(status.Request.Arguments) ?? [];
        var run = await ToolRun.InvokeAsync(tool.Create(context), new AIFunctionArguments(arguments), time, turn.Cancellation.Token);
        await Approval(approvalId).RecordResultAsync(run.Text);
        await ToolAudit.RecordAsync(context, tool.Name, arguments, run.Succeeded, run.DurationMs);
        await AppendAsync(turn, StepDraft(new StepInfo(agent, "call tool", tool.Name, run.Succeeded ? "done" : "failed", run.DurationMs, 0)));
        return run.Text;
    }
}
