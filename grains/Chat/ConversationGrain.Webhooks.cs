using Sophia.Automation;

namespace Sophia.Chat;

/// <summary>Tells the tenant's webhook subscribers that a turn was answered.</summary>
public sealed partial class ConversationGrain
{
    private void PublishTurnDone(long turnSeq, long lastSeq)
    {
        var (tenant, conversation) = GrainKeys.Split(Key);
        WebhookPublisher.Publish(GrainFactory, tenant, WebhookEvents.TurnDone,
            new { conversationId = conversation, user = state.State.Owner, turn = turnSeq, seq = lastSeq }, time.GetUtcNow(), logger);
    }
}
