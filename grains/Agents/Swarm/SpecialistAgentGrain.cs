using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Sophia.Agents.Factory;
using Sophia.Agents.Tools;
using Sophia.Audit;
using Sophia.Chat;
using Sophia.Integrations;
using static Sophia.Agents.StepEvents;

namespace Sophia.Agents.Swarm;

/// <summary>
/// Carries out plan steps in one role. A step the user wrote out runs its tool directly; any other step is one model
/// conversation with the role's tools, whose calls the user watches as steps. A risky call ends the step unfinished,
/// for the mediator to ask a person; the step then continues from the approved (or refused) call.
/// </summary>
public abstract class SpecialistAgentGrain(ChatModel model, TimeProvider time, IHttpClientFactory http, IOptions<ToolOptions> toolOptions, AuditRecorder audit, TenantToolCache tenantTools)
    : Grain, ISpecialistAgentGrain
{
    protected abstract SwarmRole Role { get; }

    // Made once: Orleans resolves a reference's interface type by reflection on each GetGrain.
    private IConversationGrain Conversation => _conversation ??= GrainFactory.GetGrain<IConversationGrain>(this.GetPrimaryKeyString());
    private IConversationGrain? _conversation;

    private ConversationOwner Owner => _owner ??= new ConversationOwner(GrainFactory, Conversation);
    private ConversationOwner? _owner;

    public async Task<StepOutcome> RunStepAsync(StepRequest request, CancellationToken cancellationToken)
    {
        var step = request.Step;
        var quota = new QuotaGuard(Owner);
        var context = new ToolContext(Conversation, this.GetPrimaryKeyString(), GrainFactory, time, http, toolOptions.Value, audit, quota, tenantTools);
        var turnKey = ToolRun.TurnKey(this.GetPrimaryKeyString(), request.TurnSeq, step.Number);
        if (request.Approved is { } approved && step.Input is not null)
        {
            return Outcome(step, approved.Result, true, null);
        }

        if (step is { Tool: { } toolName, Input: { } input })
        {
            return await RunWrittenOutStepAsync(request, toolName, input, context, turnKey, cancellationToken);
        }

        using var turn = new RunningTurn(request.TurnSeq, cancellationToken) { Quota = quota };
        var tools = await ToolCatalog.ForAsync(Role.Tools, context, turn, turnKey);
        var client = new ChatClientBuilder(quota.Meter(model.Client)).UseFunctionInvocation().Build();
        await foreach (var update in client.GetStreamingResponseAsync(Messages(request), new ChatOptions { Tools = [.. tools] }, cancellationToken))
        {
            turn.Count(update);
            turn.Answer.Append(update.Text);
            foreach (var (toolStep, detail) in turn.Steps(update, Role.Agent, time))
            {
                await Conversation.AppendAsync(request.TurnSeq, [StepDraft(toolStep, detail)]);
            }
        }

        quota.ThrowIfRefused();
        var usage = turn.Usage(Role.Agent, model.ModelId);
        return turn.PendingApproval is { } call
            ? Outcome(step, "", false, usage) with { PendingApproval = new ToolCallRequest(call.CallId, call.Name, JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>())) }
            : Outcome(step, turn.Answer.ToString(), turn.Answer.Length > 0, usage);
    }

    private async Task<StepOutcome> RunWrittenOutStepAsync(StepRequest request, string toolName, string input, ToolContext context, string turnKey, CancellationToken cancellationToken)
    {
        var available = await ToolCatalog.AvailableAsync(Role.Tools, context);
        if (available.FirstOrDefault(t => t.Name == toolName) is not { } tool)
        {
            return Outcome(request.Step, $"The {Role.Agent} has no tool '{toolName}'; it may use {string.Join(", ", available.Select(t => t.Name))}.", false, null);
        }

        var function = tool.Create(context);
        var arguments = ToolCommands.SingleArgument(function, input);
        if (tool.Risky)
        {
            var call = new ToolCallRequest($"step-{request.Step.Number}", tool.Name, JsonSerializer.Serialize(arguments));
            return Outcome(request.Step, "", false, null) with { PendingApproval = call };
        }

        await Conversation.AppendAsync(request.TurnSeq, [StepDraft(new StepInfo(Role.Agent, "call tool", tool.Name, "running", 0, 0))]);
        var run = await ToolRun.InvokeAsync(new RecordedTool(function, context, turnKey), arguments, time, cancellationToken);
        await Conversation.AppendAsync(request.TurnSeq, [StepDraft(new StepInfo(Role.Agent, "call tool", tool.Name, run.Succeeded ? "done" : "failed", run.DurationMs, 0))]);
        return Outcome(request.Step, run.Text, run.Succeeded, null);
    }

    private List<ChatMessage> Messages(StepRequest request)
    {
        var prompt = new StringBuilder($"The user's goal: {request.Goal}\n");
        foreach (var earlier in request.Earlier)
        {
            prompt.Append($"\nStep {earlier.Number} ({earlier.Agent}{(earlier.Succeeded ? "" : ", failed")}) found:\n{earlier.Text}\n");
        }

        prompt.Append($"\nYour step {request.Step.Number}: {request.Step.Task}");
        prompt.Append(request.Step.Tool is { } tool ? $"\nUse the tool {tool}." : "");
        List<ChatMessage> messages = [new(ChatRole.System, Role.Instructions), new(ChatRole.User, prompt.ToString())];
        if (request.Approved is { Call: var call, Result: var result })
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(call.CallId, call.Tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(call.Arguments))]));
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, result)]));
        }

        return messages;
    }

    private StepOutcome Outcome(PlanStep step, string text, bool succeeded, TurnUsage? usage) => new(step.Number, Role.Agent, text, succeeded, usage);
}
