namespace Sophia.Chat;

/// <summary>One conversation (key <c>tenant/conversationId</c>): metadata, sequence numbers and watchers.</summary>
[Alias("sophia.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Creates the conversation for its owner, answered by <paramref name="leadAgent"/> (null: the built-in assistant).</summary>
    [Alias("Create")]
    Task<ConversationSummary> CreateAsync(string owner, string title, string? leadAgent);

    /// <summary>The user who owns the conversation, the only one who may read it and decide its approvals.</summary>
    [Alias("GetOwner"), AlwaysInterleave]
    Task<string> GetOwnerAsync();

    /// <summary>The user-defined agent that answers this conversation, or null for the built-in assistant.</summary>
    [Alias("GetLeadAgent"), AlwaysInterleave]
    Task<string?> GetLeadAgentAsync();

    /// <summary>Returns the conversation when it exists and belongs to <paramref name="user"/>, otherwise null.</summary>
    [Alias("Get"), ReadOnly]
    Task<ConversationSummary?> GetAsync(string user);

    /// <summary>
    /// Appends a user message durably, starts the answer, and returns the message's sequence number. Posting again
    /// with the same <paramref name="requestId"/> appends nothing and returns the first post's number.
    /// </summary>
    [Alias("Post")]
    Task<long> PostAsync(string user, string text, string? requestId);

    /// <summary>
    /// Appends the mediator's events for the turn answering <paramref name="turnSeq"/> durably and notifies watchers;
    /// returns the last sequence number, or 0 when that turn was interrupted and its events are no longer wanted.
    /// </summary>
    [Alias("Append")]
    Task<long> AppendAsync(long turnSeq, IReadOnlyList<ChatEventDraft> drafts);

    /// <summary>
    /// Appends earlier messages (user and assistant) that a client brings along, e.g. an OpenAI-style request's history,
    /// without answering them; only into a conversation that has no events yet. Returns the last sequence number.
    /// </summary>
    [Alias("Import")]
    Task<long> ImportAsync(string user, IReadOnlyList<ChatEventDraft> messages);

    /// <summary>Sets what happens to a new message while an answer is running (see <see cref="DoubleTextingPolicy"/>).</summary>
    [Alias("SetPolicy")]
    Task<ConversationSummary> SetPolicyAsync(string user, string policy);

    /// <summary>Gives the conversation a new title (1 to 200 characters).</summary>
    [Alias("Rename")]
    Task<ConversationSummary> RenameAsync(string user, string title);

    /// <summary>Stops every open turn at the user's request, keeping what the answer wrote so far; true when one was running.</summary>
    [Alias("Stop")]
    Task<bool> StopAsync(string user);

    /// <summary>Reads up to <paramref name="limit"/> events after <paramref name="afterSeq"/>, optionally of one type.</summary>
    [Alias("Read"), AlwaysInterleave]
    Task<IReadOnlyList<ChatEvent>> ReadAsync(string user, long afterSeq, int limit, string? type);

    /// <summary>The last <paramref name="count"/> messages up to <paramref name="uptoSeq"/>, oldest first: what an agent answers from.</summary>
    [Alias("ReadRecentMessages"), AlwaysInterleave]
    Task<IReadOnlyList<ChatEvent>> ReadRecentMessagesAsync(long uptoSeq, int count);

    /// <summary>Has the mediator take the open turns again, e.g. after a silo died: one it lost resumes, one it still runs is left alone.</summary>
    [Alias("CheckTurns")]
    Task CheckTurnsAsync();

    /// <summary>
    /// Registers or refreshes a watcher; registrations expire unless refreshed. Returns the newest seq, so the watcher
    /// knows whether the log holds events it was not pushed.
    /// </summary>
    [Alias("Subscribe")]
    Task<long> SubscribeAsync(string user, IChatObserver observer);

    /// <summary>Removes a watcher.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IChatObserver observer);
}
