using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using Sophia.Chat;
using Sophia.Telemetry;

namespace Sophia.Agents;

/// <summary>
/// Answers a conversation's messages one turn at a time. A turn runs after the call that queued it has returned,
/// so a slow model never holds a grain call open; its progress reaches the user as appended events.
/// </summary>
public sealed class MediatorAgentGrain(ChatModel model, TimeProvider time, ILogger<MediatorAgentGrain> logger) : Grain, IMediatorAgentGrain
{
    private const string SystemPrompt =
        "You are Sophia, the company's AI assistant. Answer clearly and concisely. If you do not know, say so.";

    private const int HistoryMessages = 40;
    private static readonly TimeSpan DeltaFlushInterval = TimeSpan.FromMilliseconds(40);

    private readonly Queue<(long UserSeq, ActivityContext Trace)> _pending = new();
    private readonly HashSet<long> _queued = [];
    private readonly CancellationTokenSource _deactivating = new();
    private Task _worker = Task.CompletedTask;

    private IConversationGrain Conversation => GrainFactory.GetGrain<IConversationGrain>(this.GetPrimaryKeyString());

    public Task EnqueueTurnAsync(long userSeq)
    {
        if (_queued.Add(userSeq))
        {
            // The turn runs after this call returns; keeping the caller's trace context makes it part of the same trace.
            _pending.Enqueue((userSeq, Activity.Current?.Context ?? default));
        }

        if (_worker.IsCompleted)
        {
            _worker = RunPendingTurnsAsync();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _deactivating.CancelAsync();
        await _worker.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Current);
    }

    private async Task RunPendingTurnsAsync()
    {
        while (_pending.TryDequeue(out var turn))
        {
            DelayDeactivation(TimeSpan.FromMinutes(5));
            using var activity = SophiaDiagnostics.Source.StartActivity("chat turn", ActivityKind.Internal, turn.Trace);
            activity?.SetTag("sophia.conversation", this.GetPrimaryKeyString());
            var started = time.GetTimestamp();
            await RunTurnAsync(turn.UserSeq);
            SophiaDiagnostics.TurnDuration.Record(time.GetElapsedTime(started).TotalSeconds);
            _queued.Remove(turn.UserSeq);
        }
    }

    private async Task RunTurnAsync(long userSeq)
    {
        try
        {
            if (model.Client is null)
            {
                await Conversation.AppendAsync([Draft(ChatEventTypes.Message, ChatModel.NotConfiguredReply), Draft(ChatEventTypes.Done, "")]);
                return;
            }

            var answer = await StreamAnswerAsync(model.Client, userSeq);
            await Conversation.AppendAsync(answer.Length == 0
                ? [Draft(ChatEventTypes.Error, "The model returned an empty answer. Try again or rephrase.")]
                : [Draft(ChatEventTypes.Message, answer), Draft(ChatEventTypes.Done, "")]);
        }
        catch (Exception ex) when (!_deactivating.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Turn for {Conversation}#{Seq} failed", this.GetPrimaryKeyString(), userSeq);
            SophiaDiagnostics.TurnErrors.Add(1);
            Activity.Current?.SetStatus(ActivityStatusCode.Error, ex.Message);
            await Conversation.AppendAsync([Draft(ChatEventTypes.Error, ModelFailure.Describe(ex))]);
        }
    }

    private async Task<string> StreamAnswerAsync(IChatClient client, long userSeq)
    {
        var history = await Conversation.ReadRecentMessagesAsync(userSeq, HistoryMessages);
        var messages = new List<ChatMessage> { new(ChatRole.System, SystemPrompt) };
        messages.AddRange(history.Select(m => new ChatMessage(m.Role == ChatRoles.User ? ChatRole.User : ChatRole.Assistant, m.Text)));

        var answer = new StringBuilder();
        var unsent = new StringBuilder();
        var lastFlush = 0L;
        await foreach (var update in client.GetStreamingResponseAsync(messages, cancellationToken: _deactivating.Token))
        {
            answer.Append(update.Text);
            unsent.Append(update.Text);
            // Coalesce tokens that arrive within one flush interval into one durable delta.
            if (unsent.Length > 0 && time.GetElapsedTime(lastFlush) >= DeltaFlushInterval)
            {
                await FlushAsync(unsent);
                lastFlush = time.GetTimestamp();
            }
        }

        await FlushAsync(unsent);
        return answer.ToString();
    }

    private async Task FlushAsync(StringBuilder unsent)
    {
        if (unsent.Length == 0)
        {
            return;
        }

        await Conversation.AppendAsync([Draft(ChatEventTypes.Delta, unsent.ToString())]);
        unsent.Clear();
        DelayDeactivation(TimeSpan.FromMinutes(5));
    }

    private static ChatEventDraft Draft(string type, string text) => new(type, ChatRoles.Assistant, text);
}
