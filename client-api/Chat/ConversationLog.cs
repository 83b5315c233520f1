using System.Runtime.CompilerServices;

namespace Sophia.ClientApi.Chat;

/// <summary>Reads a conversation's stored events page by page, so callers see one ordered stream however long it is.</summary>
public static class ConversationLog
{
    public static async IAsyncEnumerable<ChatEvent> ReadAsync(
        IConversationGrain conversation, string user, long afterSeq, string? type, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await GrainCallRetry.IdempotentAsync(() => conversation.ReadAsync(user, afterSeq, ChatLimits.MaxReadPage, type));
            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < ChatLimits.MaxReadPage)
            {
                yield break;
            }

            afterSeq = page[^1].Seq;
        }
    }
}
