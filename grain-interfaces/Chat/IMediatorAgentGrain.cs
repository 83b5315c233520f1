namespace Sophia.Chat;

/// <summary>The agent that answers a conversation (key <c>tenant/conversationId</c>).</summary>
[Alias("sophia.IMediatorAgentGrain")]
public interface IMediatorAgentGrain : IGrainWithStringKey
{
    /// <summary>Queues an answer to the user message at <paramref name="userSeq"/>; returns before the answer runs.</summary>
    [Alias("EnqueueTurn")]
    Task EnqueueTurnAsync(long userSeq);
}
