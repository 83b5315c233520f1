using System.Runtime.CompilerServices;
using Sophia.ClientApi.Auth;

namespace Sophia.ClientApi.Chat;

/// <summary>How a turn ended for a client that waits for it whole: its answer, a wait for a person's approval, or a failure.</summary>
public sealed record TurnReply(string Text, ChatEvent? PendingApproval = null, string? Error = null);

/// <summary>
/// Following the turn of one sent message for clients that are not on the hub (the OpenAI-compatible endpoint, MCP):
/// only that turn's events, and its whole answer once it is done.
/// </summary>
public sealed class TurnReplies(ConversationWatcher watcher)
{
    private const int TitleLength = 60;

    /// <summary>The title of a conversation that starts with <paramref name="message"/>.</summary>
    public static string TitleOf(string message)
    {
        var text = message.Trim();
        return text.Length > TitleLength ? text[..TitleLength] + "…" : text;
    }

    /// <summary>The events of the turn that message <paramref name="turn"/> started; another request on the same conversation has its own.</summary>
    public async IAsyncEnumerable<ChatEvent> EventsAsync(
        IConversationGrain conversation, Caller caller, long turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in watcher.WatchAsync(conversation, caller.User, turn, cancellationToken))
        {
            if (e.Turn == turn)
            {
                yield return e;
            }
        }
    }

    /// <summary>Waits for the turn to finish, or to stop for an approval.</summary>
    public async Task<TurnReply> WaitAsync(IConversationGrain conversation, Caller caller, long turn, CancellationToken cancellationToken)
    {
        string? text = null;
        await foreach (var e in EventsAsync(conversation, caller, turn, cancellationToken))
        {
            if (IsPendingApproval(e))
            {
                return new TurnReply(text ?? "", PendingApproval: e);
            }

            switch (e.Type)
            {
                case ChatEventTypes.Message when e.Role == ChatRoles.Assistant:
                    text = e.Text;
                    break;
                case ChatEventTypes.Done:
                    return new TurnReply(text ?? "");
                case ChatEventTypes.Error:
                    return new TurnReply(text ?? "", Error: e.Text);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new OperationCanceledException("The conversation's events ended before the turn did.");
    }

    public static bool IsPendingApproval(ChatEvent e) => e is { Type: ChatEventTypes.Step, Step: { Action: "approval", Status: "pending" } };

    /// <summary>What the client reads when the turn stops to wait for a person: what waits, and where to decide.</summary>
    public static string AwaitingApproval(ChatEvent e, string conversationId) =>
        $"Sophia is waiting for an approval before it can go on: {e.Text} Decide in the conversation (POST /api/conversations/{conversationId}/approvals/{e.Step!.ApprovalId} " +
        "with {\"approved\": true} or false, or the hub's Approve); the answer is then written there.";
}
