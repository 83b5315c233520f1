using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Sophia.Agents.Factory;
using Sophia.Agents.Swarm;
using Sophia.Agents.Tools;
using Sophia.Agents.Turns;
using Sophia.Audit;
using Sophia.Chat;
using Sophia.Integrations;
using Sophia.Telemetry;
using Sophia.Tenancy;
using static Sophia.Agents.StepEvents;

namespace Sophia.Agents;

/// <summary>
/// Answers a conversation's messages one turn at a time. A turn runs after the call that queued it has returned,
/// so a slow model never holds a grain call open; its progress reaches the user as appended events. A turn that
/// needs several steps goes to the swarm (see the Plan part); one that wants a risky tool pauses for a person's
/// approval and resumes when it is decided (see the Approvals part).
/// </summary>
public sealed partial class MediatorAgentGrain(
    [PersistentState("turn", "sophia")] IPersistentState<TurnLogState> turnLog,
    ChatModel model, TimeProvider time, IHttpClientFactory http, IOptions<ToolOptions> toolOptions, AuditRecorder audit, TenantToolCache tenantTools, ILogger<MediatorAgentGrain> logger)
    : Grain, IMediatorAgentGrain
{
    private const string SystemPrompt =
        "You are Sophia, the company's AI assistant. Answer clearly and concisely. If you do not know, say so. " +
        "Look up company knowledge with search_memory, and cite every passage you use as [n] with its document's name.";

    internal const string ResumedAnswer = "Sophia restarted while answering; resuming the turn: finished steps are kept, the answer starts over.";

    private const int HistoryMessages = 40;
    private static readonly Persona BuiltIn = new("mediator", SystemPrompt, Model: null, [.. ToolCatalog.Names, ToolCatalog.AllIntegrationTools]);
    private static readonly TimeSpan DeltaFlushInterval = TimeSpan.FromMilliseconds(40);

    private readonly TurnQueue _queue = new();
    private readonly CancellationTokenSource _deactivating = new();
    private RunningTurn? _running;
    private Task _worker = Task.CompletedTask;

    // Made once: Orleans resolves a reference's interface type by reflection on each GetGrain.
    private IConversationGrain Conversation => _conversation ??= GrainFactory.GetGrain<IConversationGrain>(this.GetPrimaryKeyString());
    private IConversationGrain? _conversation;

    private ConversationOwner Owner => _owner ??= new ConversationOwner(GrainFactory, Conversation);
    private ConversationOwner? _owner;
    private string? _lead;
    private bool _leadKnown;

    private string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A turn that paused for a person before a restart still holds the queue until it is decided or stopped.
        if (turnLog.State.WaitingApproval is not null)
        {
            _queue.Pause(turnLog.State.TurnSeq);
        }

        return Task.CompletedTask;
    }

    public async Task SyncTurnsAsync(IReadOnlyList<OpenTurn> open)
    {
        _queue.Sync(open, Activity.Current?.Context ?? default);
        if (turnLog.State.WaitingApproval is { } approvalId && _queue.Paused is null && _queue.Running?.Seq != turnLog.State.TurnSeq
            && _queue.Pending.All(p => p.Seq != turnLog.State.TurnSeq))
        {
            // The paused turn was stopped while this mediator was away.
            turnLog.State = new TurnLogState();
            await turnLog.ClearStateAsync();
        }
        else if (_queue.Paused is { } paused && turnLog.State.WaitingApproval is { } waiting
                 && (!turnLog.State.Announced || (await Approval(waiting).GetAsync())?.Approved is not null))
        {
            // Decided while this mediator was away (the resume that followed was lost with it), or never shown to the
            // user (the run stopped before): the turn runs on from its approval, which announces it if need be.
            _queue.ResumeAfterApproval(paused, waiting, Activity.Current?.Context ?? default);
        }

        logger.LogDebug("{Conversation}: {Open} open turn(s) synced; running {Running}, paused {Paused}, {Pending} pending, worker {Worker}",
            this.GetPrimaryKeyString(), open.Count, _queue.Running?.Seq, _queue.Paused, _queue.Pending.Count, _worker.Status);
        RunQueue();
    }

    public async Task<IReadOnlyList<InterruptedTurn>> InterruptAsync()
    {
        var running = _running;
        _queue.Clear();
        running?.Cancellation.Cancel();
        if (turnLog.State.WaitingApproval is not null)
        {
            turnLog.State = new TurnLogState();
            await turnLog.ClearStateAsync();
        }

        return running is null ? [] : [new InterruptedTurn(running.UserSeq, running.Answer.ToString())];
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _deactivating.CancelAsync();
        await _worker.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Current);
    }

    private void RunQueue()
    {
        if (_worker.IsCompleted)
        {
            _worker = RunQueuedTurnsAsync();
        }
    }

    private async Task RunQueuedTurnsAsync()
    {
        while (_queue.TakeNext() is { } work)
        {
            var end = await RunQueuedTurnAsync(work);
            _queue.Finished(end);
            if (end == TurnEnd.Failed)
            {
                // It stays open in the conversation, which hands it over again when its events stay away.
                return;
            }
        }
    }

    private async Task<TurnEnd> RunQueuedTurnAsync(QueuedTurn work)
    {
        DelayDeactivation(TimeSpan.FromMinutes(5));
        using var activity = SophiaDiagnostics.Source.StartActivity("chat turn", ActivityKind.Internal, work.Trace);
        activity?.SetTag("sophia.conversation", this.GetPrimaryKeyString());
        var started = time.GetTimestamp();
        var turn = _running = new RunningTurn(work.Seq, _deactivating.Token) { Quota = new QuotaGuard(Owner) };
        try
        {
            if (work.Resumed)
            {
                // Watchers learn that the deltas they saw are void and the answer starts over.
                await AppendAsync(turn, StepDraft(new StepInfo(SwarmAgents.Mediator, "resume", null, "running", 0, 0)) with { Text = ResumedAnswer });
            }

            await RunTurnAsync(turn, work.ApprovalId ?? DecidedApprovalOf(work.Seq));
            if (_deactivating.IsCancellationRequested)
            {
                // Cut off by deactivation, not answered: the turn stays open, and its log stays for the next activation.
                return TurnEnd.Failed;
            }

            if (turn.Paused)
            {
                return TurnEnd.Paused;
            }

            if (turnLog.State.TurnSeq == work.Seq && turnLog.RecordExists)
            {
                turnLog.State = new TurnLogState();
                await turnLog.ClearStateAsync();
            }

            return TurnEnd.Answered;
        }
        catch (Exception ex) when (!turn.Cancellation.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Turn for {Conversation}#{Seq} could not write its events; it stays open", this.GetPrimaryKeyString(), work.Seq);
            return TurnEnd.Failed;
        }
        catch (Exception) when (turn.Cancellation.IsCancellationRequested)
        {
            // Stopped by an interruption (the conversation closed the turn) or by deactivation (the turn stays open).
            return TurnEnd.Answered;
        }
        finally
        {
            _running = null;
            var elapsed = time.GetElapsedTime(started);
            SophiaDiagnostics.TurnDuration.Record(elapsed.TotalSeconds);
            SophiaDiagnostics.Turns.Add(1, SophiaDiagnostics.Tag("outcome", turn.Failed ? "failed" : "answered"));
            await RecordTurnAsync(turn, elapsed);
            turn.Dispose();
        }
    }

    /// <summary>A turn resumed after a crash that had its approval decided continues from that decision, not from scratch.</summary>
    private string? DecidedApprovalOf(long seq) =>
        turnLog.State.TurnSeq == seq && turnLog.State.Steps.Count == 0 ? turnLog.State.WaitingApproval : null;

    private async Task RunTurnAsync(RunningTurn turn, string? approvalId)
    {
        try
        {
            var lead = await LeadAgentAsync(turn);
            var persona = lead is null ? BuiltIn : await PersonaOfAsync(lead);
            if (persona is null)
            {
                await AppendAsync(turn, Draft(ChatEventTypes.Error, $"The agent '{lead}' that answers this conversation no longer exists. Start a new conversation."));
                return;
            }

            var history = await SiloCallRetry.RunAsync(() => Conversation.ReadRecentMessagesAsync(turn.UserSeq, HistoryMessages), turn.Cancellation.Token);
            if (approvalId is not null)
            {
                await ResumeAfterApprovalAsync(turn, persona, history, approvalId);
            }
            else if (IsRunningPlan(turn.UserSeq))
            {
                await ResumePlanAsync(turn, persona, history);
            }
            else if (PlanCommand.TryParse(history[^1].Text, out var goal, out var writtenSteps))
            {
                await RunPlanAsync(turn, persona, history, goal, writtenSteps, callId: null);
            }
            else if (ToolCommands.IsCommand(history[^1].Text))
            {
                await RunCommandAsync(turn, persona, history[^1].Text);
            }
            else
            {
                // Only the built-in assistant leads the swarm; a user-defined agent answers with its own tools.
                await AnswerAsync(model.Client, turn, persona, ToChatMessages(persona, history), offerPlan: lead is null);
                if (turn.PlanRequest is var (call, planGoal))
                {
                    await RunPlanAsync(turn, persona, history, planGoal, writtenSteps: null, call.CallId);
                }
            }
        }
        catch (QuotaExceededException refused) when (!turn.Cancellation.IsCancellationRequested)
        {
            // The turn is over; the next one is refused the same way until the limit resets.
            logger.LogInformation("Turn for {Conversation}#{Seq} stopped at quota {Limit}", this.GetPrimaryKeyString(), turn.UserSeq, refused.Refusal.Limit);
            SophiaDiagnostics.TurnErrors.Add(1, SophiaDiagnostics.Tag("kind", "quota"));
            await AppendAsync(turn, Draft(ChatEventTypes.Error, refused.Message));
        }
        catch (OperationCanceledException) when (turn.Cancellation.IsCancellationRequested)
        {
            // Interrupted or deactivating: the conversation records an interruption, a restart reports the cut-off answer.
        }
        catch (Exception ex) when (!turn.Cancellation.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Turn for {Conversation}#{Seq} failed", this.GetPrimaryKeyString(), turn.UserSeq);
            SophiaDiagnostics.TurnErrors.Add(1, SophiaDiagnostics.Tag("kind", ModelFailure.KindOf(ex)));
            turn.Failed = true;
            Activity.Current?.SetStatus(ActivityStatusCode.Error, ex.Message);
            await AppendAsync(turn, Draft(ChatEventTypes.Error, ModelFailure.Describe(ex)));
        }
    }

    /// <summary>The conversation's lead agent (null: the built-in one), asked once: it is chosen when the conversation is made.</summary>
    private async Task<string?> LeadAgentAsync(RunningTurn turn)
    {
        if (!_leadKnown)
        {
            _lead = await SiloCallRetry.RunAsync(() => Conversation.GetLeadAgentAsync(), turn.Cancellation.Token);
            _leadKnown = true;
        }

        return _lead;
    }

    private async Task<Persona?> PersonaOfAsync(string agent)
    {
        var definition = await GrainFactory.GetGrain<IAgentDefinitionGrain>(GrainKeys.Of(Tenant, agent)).GetAsync();
        return definition is null ? null : new Persona(definition.Name, definition.Instructions, definition.Model, definition.AllowedTools);
    }

    private async Task RunCommandAsync(RunningTurn turn, Persona persona, string command)
    {
        var context = ToolContextFor(turn);
        if (await ToolCommands.ToolOfAsync(command, persona.Tools, context) is { Risky: false } tool)
        {
            await AppendAsync(turn, StepDraft(new StepInfo(persona.Agent, "run command", tool.Name, "running", 0, 0)));
        }

        var result = await ToolCommands.RunAsync(command, persona.Tools, context, TurnKey(turn, step: 0), turn.Cancellation.Token);
        if (result.NeedsApproval is { } call)
        {
            await PauseForApprovalAsync(turn, persona, call);
            return;
        }

        var finished = result.Tool is null ? [] : new[] { StepDraft(new StepInfo(persona.Agent, "run command", result.Tool, result.Succeeded ? "done" : "failed", result.DurationMs, 0)) };
        await AppendAsync(turn, [.. finished, Draft(ChatEventTypes.Message, result.Reply), Draft(ChatEventTypes.Done, "")]);
    }

    /// <summary>
    /// Appends the turn's events, retrying while the conversation's silo is being replaced: the conversation refuses
    /// events of a closed turn, so a retried append can never give the message a second answer.
    /// </summary>
    private Task AppendAsync(RunningTurn turn, params ChatEventDraft[] drafts) =>
        SiloCallRetry.RunAsync(() => Conversation.AppendAsync(turn.UserSeq, drafts), turn.Cancellation.Token);

    private static ChatEventDraft Draft(string type, string text) => new(type, ChatRoles.Assistant, text);

    /// <summary>Who answers a turn: the built-in mediator or the conversation's user-defined lead agent.</summary>
    private sealed record Persona(string Agent, string Instructions, string? Model, IReadOnlyList<string> Tools);

}
