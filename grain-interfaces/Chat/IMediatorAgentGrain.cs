namespace Sophia.Chat;

/// <summary>The agent that answers a conversation (key <c>tenant/conversationId</c>).</summary>
[Alias("sophia.IMediatorAgentGrain")]
public interface IMediatorAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// The conversation's open turns, from its log, oldest first: the mediator queues those it does not know (a started
    /// one resumes from its last finished step), drops those no longer open, and returns before any answer runs.
    /// Safe to repeat: a turn it runs, queues or holds for an approval is left as it is.
    /// </summary>
    [Alias("SyncTurns")]
    Task SyncTurnsAsync(IReadOnlyList<OpenTurn> open);

    /// <summary>Stops the running turn and drops queued and paused ones; returns the running one with what it had written. Appends nothing.</summary>
    [Alias("Interrupt")]
    Task<IReadOnlyList<InterruptedTurn>> InterruptAsync();

    /// <summary>Continues the turn answering <paramref name="turnSeq"/> that paused for approval <paramref name="approvalId"/>, now decided; a repeat does nothing.</summary>
    [Alias("Resume")]
    Task ResumeAsync(string approvalId, long turnSeq);
}
