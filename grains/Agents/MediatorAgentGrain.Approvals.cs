using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Sophia.Agents.Tools;
using Sophia.Chat;

namespace Sophia.Agents;

/// <summary>Human in the loop: a risky tool call pauses the turn until a person decides, then the turn resumes.</summary>
public sealed partial class MediatorAgentGrain
{
    internal const string RunOutcomeUnknown =
        "Sophia restarted while this tool was running, so whether it completed is unknown. Do not assume it did.";

    // The approval grain is waiting on this call, so nothing here may call it back: the turn reads it once it runs.
    public Task ResumeAsync(string approvalId, long turnSeq)
    {
        Schedule(new Work(turnSeq, Activity.Current?.Context ?? default, approvalId));
        return Task.CompletedTask;
    }

    private IApprovalGrain Approval(string approvalId) => GrainFactory.GetGrain<IApprovalGrain>(GrainKeys.Of(Tenant, approvalId));

    /// <summary>Persists the request before the user hears of it, so the decision outlives this activation.</summary>
    private async Task PauseForApprovalAsync(RunningTurn turn, Persona persona, FunctionCallContent call)
    {
        var approvalId = GrainKeys.NewConversationId();
        var arguments = JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>());
        var owner = await Conversation.GetOwnerAsync();
        await Approval(approvalId).RequestAsync(new ApprovalRequest(this.GetPrimaryKeyString(), owner, turn.UserSeq, call.CallId, call.Name, arguments));
        await AppendAsync(turn, new ChatEventDraft(ChatEventTypes.Step, ChatRoles.Assistant, $"Sophia wants to run {call.Name} with {arguments}. Approve or refuse.",
            Step: new StepInfo(persona.Agent, "approval", call.Name, "pending", 0, 0, approvalId)));
    }

    private async Task ResumeAfterApprovalAsync(RunningTurn turn, Persona persona, IReadOnlyList<ChatEvent> history, string approvalId)
    {
        var status = (await Approval(approvalId).GetAsync())!;
        var request = status.Request;
        await AppendAsync(turn, StepDraft(new StepInfo(persona.Agent, "approval", request.Tool, status.Approved == true ? "approved" : "refused", 0, 0, approvalId)));
        var result = status.Approved == true
            ? await RunApprovedToolAsync(turn, persona, approvalId, status)
            : $"The user refused to run {request.Tool}{(string.IsNullOrWhiteSpace(status.Comment) ? "." : $": {status.Comment}")}";

        var messages = ToChatMessages(persona, history);
        var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(request.Arguments);
        messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(request.CallId, request.Tool, arguments)]));
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(request.CallId, result)]));
        if (model.Client is null)
        {
            await AppendAsync(turn, Draft(ChatEventTypes.Message, result), Draft(ChatEventTypes.Done, ""));
            return;
        }

        await AnswerAsync(model.Client, turn, persona, messages);
    }

    /// <summary>Runs the approved tool at most once: the start is recorded before the call and the result after it.</summary>
    private async Task<string> RunApprovedToolAsync(RunningTurn turn, Persona persona, string approvalId, ApprovalStatus status)
    {
        if (status.Result is { } earlier)
        {
            return earlier;
        }

        if (status.RunStarted)
        {
            return RunOutcomeUnknown;
        }

        var tool = BuiltInTools.All.Single(t => t.Name == status.Request.Tool);
        await AppendAsync(turn, StepDraft(new StepInfo(persona.Agent, "call tool", tool.Name, "running", 0, 0)));
        await Approval(approvalId).MarkRunStartedAsync();
        var started = time.GetTimestamp();
        string result;
        var succeeded = true;
        try
        {
            var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(status.Request.Arguments) ?? [];
            result = $"{await tool.Create(ToolContextFor()).InvokeAsync(new AIFunctionArguments(arguments), turn.Cancellation.Token)}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (result, succeeded) = ($"{tool.Name} failed: {ex.Message}", false);
        }

        await Approval(approvalId).RecordResultAsync(result);
        var duration = (long)time.GetElapsedTime(started).TotalMilliseconds;
        await AppendAsync(turn, StepDraft(new StepInfo(persona.Agent, "call tool", tool.Name, succeeded ? "done" : "failed", duration, 0)));
        return result;
    }
}
