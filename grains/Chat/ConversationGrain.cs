using Orleans.Utilities;
using Sophia.Telemetry;
using Sophia.Tenancy;

namespace Sophia.Chat;

/// <summary>
/// Owns a conversation's sequence numbers: appends to the message log, then tells its watchers. It also owns which
/// turns are open (acknowledged, not yet answered): derived from the log when it activates, so nothing acknowledged
/// depends on memory that a crash can take.
/// </summary>
public sealed partial class ConversationGrain(
    [PersistentState("conversation", "sophia")] IPersistentState<ConversationState> state,
    IMessageLog log,
    TimeProvider time,
    OpenTurnRegistry registry,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain, IRemindable
{
    internal const string StoppedAnswer = "Stopped: a newer message arrived and this conversation's policy is 'interrupt'.";

    private readonly ObserverManager<IChatObserver> _watchers = new(TimeSpan.FromMinutes(2), logger);
    private readonly RecentMessages _recent = new();
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
        _lastSeq = (await log.LastAsync(Key, cancellationToken))?.Seq ?? 0;
        _recent.Start(_lastSeq);
        _lastAppendAt = time.GetTimestamp();
        foreach (var open in await log.OpenTurnsAsync(Key, cancellationToken))
        {
            _openTurns[open.Seq] = open.Started;
        }

        OpenTurnsChanged();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        registry.Remove(Key);
        return Task.CompletedTask;
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
        // Where the policy would do nothing, the log's unique request id finds a retry without a read first.
        if (requestId is not null && PolicyWouldAct && await log.FindRequestAsync(Key, requestId) is { } earlier)
        {
            return earlier;
        }

        await ApplyPolicyToOpenTurnsAsync();
        var seq = _lastSeq + 1;
        try
        {
            await AppendCoreAsync([new ChatEventDraft(ChatEventTypes.Message, ChatRoles.User, text)], turn: seq, requestId);
        }
        catch when (requestId is not null)
        {
            if (await log.FindRequestAsync(Key, requestId) is { } appendedBefore)
            {
                return appendedBefore;
            }

            throw;
        }

        SophiaDiagnostics.MessagesAppended.Add(1);
        _openTurns[seq] = false;
        OpenTurnsChanged();
        return seq;
    }

    public async Task<long> AppendAsync(long turnSeq, IReadOnlyList<ChatEventDraft> drafts)
    {
        // Only an open turn takes events: a turn answered, stopped or never posted is closed, so a stale or repeated
        // writer cannot give a message a second answer.
        if (!_openTurns.ContainsKey(turnSeq))
        {
            return 0;
        }

        var ends = drafts.Select((d, i) => (d, i)).FirstOrDefault(x => x.d.Type is ChatEventTypes.Done or ChatEventTypes.Error);
        var last = await AppendCoreAsync(ends.d is null ? drafts : drafts.Take(ends.i + 1).ToList(), turnSeq);
        if (ends.d is null)
        {
            _openTurns[turnSeq] = true;
            return last;
        }

        _openTurns.Remove(turnSeq);
        OpenTurnsChanged();
        if (ends.d.Type == ChatEventTypes.Done)
        {
            PublishTurnDone(turnSeq, last);
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

        return messages.Count == 0 ? _lastSeq : await AppendCoreAsync(messages, turn: 0);
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
        return await SaveSummaryAsync();
    }

    public Task<IReadOnlyList<ChatEvent>> ReadAsync(string user, long afterSeq, int limit, string? type)
    {
        EnsureVisibleTo(user);
        return log.ReadAsync(Key, Math.Max(0, afterSeq), Math.Clamp(limit, 1, ChatLimits.MaxReadPage), type);
    }

    public async Task<IReadOnlyList<ChatEvent>> ReadRecentMessagesAsync(long uptoSeq, int count)
    {
        if (_recent.TryRead(uptoSeq, count) is { } held)
        {
            return held;
        }

        // A fill adds the log's newest messages before those held; a full window is missing only older ones.
        if (count <= RecentMessages.Capacity && !_recent.Full)
        {
            // Every event up to lastSeq is written by now; those appended while this read runs are held already.
            var lastSeq = _lastSeq;
            _recent.Fill(await log.ReadRecentAsync(Key, lastSeq, RecentMessages.Capacity, ChatEventTypes.Message), lastSeq);
            if (_recent.TryRead(uptoSeq, count) is { } filled)
            {
                return filled;
            }
        }

        return await log.ReadRecentAsync(Key, uptoSeq, count, ChatEventTypes.Message);
    }

    public Task<long> SubscribeAsync(string user, IChatObserver observer)
    {
        EnsureVisibleTo(user);
        _watchers.Subscribe(observer, observer);
        return Task.FromResult(_lastSeq);
    }

    public Task UnsubscribeAsync(IChatObserver observer)
    {
        _watchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private bool PolicyWouldAct => _openTurns.Count > 0 && state.State.Policy != DoubleTextingPolicy.Enqueue;

    /// <summary>A new message while an answer runs (or waits for a person): queue behind it, refuse, or stop every open turn and keep what it wrote.</summary>
    private async Task ApplyPolicyToOpenTurnsAsync()
    {
        if (!PolicyWouldAct)
        {
            return;
        }

        if (state.State.Policy == DoubleTextingPolicy.Reject)
        {
            throw new ConversationBusyException(
                "Sophia is still answering the previous message and this conversation's policy is 'reject': wait for the answer, or set the policy to 'enqueue' or 'interrupt'.");
        }

        await StopOpenTurnsAsync(StoppedAnswer);
    }

    private async Task<long> AppendCoreAsync(IReadOnlyList<ChatEventDraft> drafts, long turn, string? requestId = null)
    {
        var now = time.GetUtcNow();
        var events = drafts.Select((d, i) => new ChatEvent(_lastSeq + 1 + i, d.Type, d.Role, d.Text, now, d.Usage, d.Step, turn)).ToList();
        try
        {
            await log.AppendAsync(Key, events, requestId);
        }
        catch
        {
            // The write may have committed before failing; the log decides what the next number is.
            _lastSeq = (await log.LastAsync(Key))?.Seq ?? 0;
            // Whether the failed events were written is known only from the read above.
            _recent.Forget(_lastSeq);
            throw;
        }

        (_lastSeq, _lastAppendAt) = (events[^1].Seq, time.GetTimestamp());
        _recent.Appended(events);
        await _watchers.Notify(w => w.OnEventsAsync(events));

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
