using Orleans.Utilities;
using Sophia.Telemetry;
using Sophia.Tenancy;

namespace Sophia.Chat;

/// <summary>Owns a conversation's sequence numbers: appends to the message log, then tells its watchers.</summary>
public sealed partial class ConversationGrain(
    [PersistentState("conversation", "sophia")] IPersistentState<ConversationState> state,
    IMessageLog log,
    TimeProvider time,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    internal const string StoppedAnswer = "Stopped: a newer message arrived and this conversation's policy is 'interrupt'.";

    private readonly ObserverManager<IChatObserver> _watchers = new(TimeSpan.FromMinutes(2), logger);
    private readonly HashSet<long> _openTurns = [];
    private readonly HashSet<long> _interruptedTurns = [];
    private long _lastSeq;

    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        WatchOpenTurns();
        if (!state.RecordExists)
        {
            return;
        }

        // The sequence number is derived from the log, so an acknowledged append never needs a second write.
        var last = await log.LastAsync(Key, cancellationToken);
        _lastSeq = last?.Seq ?? 0;
        (_last, _lastAppendAt) = (last, time.GetTimestamp());
        if (IsCutOff(last))
        {
            await ResumeUnfinishedTurnAsync(cancellationToken);
        }
    }

    public async Task<ConversationSummary> CreateAsync(string owner, string title, string? leadAgent)
    {
        if (state.RecordExists)
        {
            throw new InvalidOperationException($"Conversation {Key} already exists.");
        }

        state.State = new ConversationState { Owner = owner, Title = title, CreatedAt = time.GetUtcNow(), LeadAgent = leadAgent };
        await state.WriteStateAsync();
        return Summary();
    }

    public Task<string?> GetLeadAgentAsync() => Task.FromResult(state.State.LeadAgent);

    public Task<string> GetOwnerAsync() => Task.FromResult(state.State.Owner);

    public Task<ConversationSummary?> GetAsync(string user) =>
        Task.FromResult(IsVisibleTo(user) ? Summary() : null);

    public async Task<long> PostAsync(string user, string text, string? requestId)
    {
        EnsureVisibleTo(user);
        var problem = ChatLimits.CheckMessage(text) ?? ChatLimits.CheckRequestId(requestId);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        // Before the policy: a retry of a message whose answer is running must get its seq, not be refused or interrupt it.
        if (requestId is not null && await log.FindRequestAsync(Key, requestId) is { } earlier)
        {
            return earlier;
        }

        await ApplyPolicyToRunningTurnsAsync();
        var seq = await AppendCoreAsync([new ChatEventDraft(ChatEventTypes.Message, ChatRoles.User, text)], requestId);
        SophiaDiagnostics.MessagesAppended.Add(1);
        _openTurns.Add(seq);
        try
        {
            await Mediator.EnqueueTurnAsync(seq);
        }
        catch (Exception ex)
        {
            // The message is durable and acknowledged; the user learns that no answer is coming instead of waiting.
            logger.LogError(ex, "Could not start the answer to {Conversation}#{Seq}", Key, seq);
            _openTurns.Remove(seq);
            await AppendCoreAsync([new ChatEventDraft(ChatEventTypes.Error, ChatRoles.Assistant, "Sophia could not start answering this message. Send it again.")]);
        }

        return seq;
    }

    public async Task<long> AppendAsync(long turnSeq, IReadOnlyList<ChatEventDraft> drafts)
    {
        if (_interruptedTurns.Contains(turnSeq))
        {
            return 0;
        }

        var last = await AppendCoreAsync(drafts);
        if (drafts.Any(d => d.Type is ChatEventTypes.Done or ChatEventTypes.Error))
        {
            _openTurns.Remove(turnSeq);
        }

        return last;
    }

    public async Task<long> ImportAsync(string user, IReadOnlyList<ChatEventDraft> messages)
    {
        EnsureVisibleTo(user);
        var problem = _lastSeq > 0
            ? "History can only be brought into a new conversation."
            : messages.Select(m => m is { Type: ChatEventTypes.Message, Role: ChatRoles.User or ChatRoles.Assistant }
                ? ChatLimits.CheckMessage(m.Text)
                : "Only user and assistant messages can be brought along.").FirstOrDefault(p => p is not null);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        return messages.Count == 0 ? _lastSeq : await AppendCoreAsync(messages);
    }

    public async Task<ConversationSummary> SetPolicyAsync(string user, string policy)
    {
        EnsureVisibleTo(user);
        var problem = DoubleTextingPolicy.Check(policy);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        state.State.Policy = policy;
        await state.WriteStateAsync();
        var summary = Summary();
        await GrainFactory.GetGrain<IUserGrain>(GrainKeys.Of(GrainKeys.Split(Key).Tenant, state.State.Owner)).UpdateConversationAsync(summary);
        return summary;
    }

    public Task<IReadOnlyList<ChatEvent>> ReadAsync(string user, long afterSeq, int limit, string? type)
    {
        EnsureVisibleTo(user);
        return log.ReadAsync(Key, Math.Max(0, afterSeq), Math.Clamp(limit, 1, ChatLimits.MaxReadPage), type);
    }

    public Task<IReadOnlyList<ChatEvent>> ReadRecentMessagesAsync(long uptoSeq, int count) =>
        log.ReadRecentAsync(Key, uptoSeq, count, ChatEventTypes.Message);

    public Task SubscribeAsync(string user, IChatObserver observer)
    {
        EnsureVisibleTo(user);
        _watchers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IChatObserver observer)
    {
        _watchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private IMediatorAgentGrain Mediator => GrainFactory.GetGrain<IMediatorAgentGrain>(Key);

    /// <summary>A new message while an answer runs: queue behind it, refuse, or stop it and keep what it wrote.</summary>
    private async Task ApplyPolicyToRunningTurnsAsync()
    {
        if (_openTurns.Count == 0 || state.State.Policy == DoubleTextingPolicy.Enqueue)
        {
            return;
        }

        if (state.State.Policy == DoubleTextingPolicy.Reject)
        {
            throw new ConversationBusyException(
                "Sophia is still answering the previous message and this conversation's policy is 'reject': wait for the answer, or set the policy to 'enqueue' or 'interrupt'.");
        }

        foreach (var stopped in await Mediator.InterruptAsync())
        {
            _openTurns.Remove(stopped.UserSeq);
            _interruptedTurns.Add(stopped.UserSeq);
            var partial = stopped.PartialAnswer.Length > 0 ? [new ChatEventDraft(ChatEventTypes.Message, ChatRoles.Assistant, stopped.PartialAnswer)] : Array.Empty<ChatEventDraft>();
            await AppendCoreAsync([.. partial, new ChatEventDraft(ChatEventTypes.Error, ChatRoles.Assistant, StoppedAnswer)]);
        }
    }

    private async Task<long> AppendCoreAsync(IReadOnlyList<ChatEventDraft> drafts, string? requestId = null)
    {
        var now = time.GetUtcNow();
        var events = drafts.Select((d, i) => new ChatEvent(_lastSeq + 1 + i, d.Type, d.Role, d.Text, now, d.Usage, d.Step)).ToList();
        try
        {
            await log.AppendAsync(Key, events, requestId);
        }
        catch
        {
            // The write may have committed before failing; the log decides what the next number is.
            _lastSeq = (await log.LastAsync(Key))?.Seq ?? 0;
            throw;
        }

        (_lastSeq, _last, _lastAppendAt) = (events[^1].Seq, events[^1], time.GetTimestamp());
        foreach (var e in events)
        {
            await _watchers.Notify(w => w.OnEventAsync(e));
        }

        return _lastSeq;
    }

    private bool IsVisibleTo(string user) => state.RecordExists && state.State.Owner == user;

    private void EnsureVisibleTo(string user)
    {
        if (!IsVisibleTo(user))
        {
            throw new ArgumentException($"Unknown conversation '{GrainKeys.Split(Key).Local}'. Use an id returned by CreateConversation or GET /api/conversations.");
        }
    }

    private ConversationSummary Summary() =>
        new(GrainKeys.Split(Key).Local, state.State.Title, state.State.CreatedAt, state.State.Policy, state.State.LeadAgent);
}
