namespace Sophia.Chat;

/// <summary>The agent that answers a conversation (key <c>tenant/conversationId</c>).</summary>
[Alias("sophia.IMediatorAgentGrain")]
public interface IMediatorAgentGrain : IGrainWithStringKey
{
    /// <summary>Queues an answer to the user message at <paramref name="userSeq"/>; returns before the answer runs.</summary>
    [Alias("EnqueueTurn")]
    Task EnqueueTurnAsync(long userSeq);

    /// <summary>
    /// Picks up the turn answering <paramref name="userSeq"/> after a crash cut it off: from its last finished step, or
    /// from the start. False when this activation is still running or queueing it.
    /// </summary>
    [Alias("ResumeCutOffTurn")]
    Task<bool> ResumeCutOffTurnAsync(long userSeq);

    /// <summary>Stops the running turn and drops queued ones; returns them with what each had written. Appends nothing.</summary>
    [Alias("Interrupt")]
    Task<IReadOnlyList<InterruptedTurn>> InterruptAsync();

    /// <summary>Resumes the turn answering <paramref name="turnSeq"/> that paused for approval <paramref name="approvalId"/>, now decided.</summary>
    [Alias("Resume")]
    Task ResumeAsync(string approvalId, long turnSeq);
}
