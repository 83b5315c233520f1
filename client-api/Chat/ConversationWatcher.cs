using System.Runtime.CompilerServices;

namespace Sophia.ClientApi.Chat;

/// <summary>
/// Streams a conversation's events after a sequence number, in order, each once: the log first, then live pushes,
/// going back to the log whenever a push is missing or the subscription is refreshed.
/// </summary>
public sealed class ConversationWatcher(IGrainFactory grains, TimeProvider time)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    public async IAsyncEnumerable<ChatEvent> WatchAsync(
        IConversationGrain conversation, string user, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var observer = new ChannelChatObserver();
        var reference = grains.CreateObjectReference<IChatObserver>(observer);
        var last = Math.Max(0, afterSeq);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Subscribe before reading the log so that nothing appended in between is missed.
                var newest = await GrainCallRetry.IdempotentAsync(() => conversation.SubscribeAsync(user, reference));
                var refreshAt = time.GetUtcNow() + RefreshInterval;
                // Most refreshes find nothing missed; the log is read only when it holds something not seen yet.
                if (newest > last)
                {
                    await foreach (var logged in ConversationLog.ReadAsync(conversation, user, last, type: null, cancellationToken))
                    {
                        last = logged.Seq;
                        yield return logged;
                    }
                }

                while (await NextPushAsync(observer, refreshAt, cancellationToken) is { } pushed && pushed.Seq <= last + 1)
                {
                    if (pushed.Seq == last + 1)
                    {
                        last = pushed.Seq;
                        yield return pushed;
                    }
                }
            }
        }
        finally
        {
            await UnsubscribeQuietlyAsync(conversation, reference);
        }
    }

    private async Task<ChatEvent?> NextPushAsync(ChannelChatObserver observer, DateTimeOffset refreshAt, CancellationToken cancellationToken)
    {
        var remaining = refreshAt - time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return null;
        }

        // A lost silo connection may have taken the conversation's activation: subscribe again, which brings it back.
        using var lossOrStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ClusterConnectionWatch.NextLoss);
        try
        {
            return await observer.NextAsync(remaining, lossOrStop.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task UnsubscribeQuietlyAsync(IConversationGrain conversation, IChatObserver reference)
    {
        try
        {
            await conversation.UnsubscribeAsync(reference);
        }
        catch (Exception)
        {
            // The registration expires by itself; a failed unsubscribe must not break the caller's disconnect.
        }
        finally
        {
            grains.DeleteObjectReference<IChatObserver>(reference);
        }
    }
}
