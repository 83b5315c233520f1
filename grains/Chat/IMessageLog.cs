namespace Sophia.Chat;

/// <summary>The append-only log of every conversation's events (SQLite when embedded, PostgreSQL in a cluster).</summary>
public interface IMessageLog
{
    /// <summary>
    /// Appends events atomically; returns only when they are durable. Fails if a sequence number is taken, or if
    /// <paramref name="requestId"/> (stored with the first event) was already used in this conversation.
    /// </summary>
    Task AppendAsync(string conversationKey, IReadOnlyList<ChatEvent> events, string? requestId = null, CancellationToken cancellationToken = default);

    /// <summary>The sequence number of the event appended with <paramref name="requestId"/>, or null when none was.</summary>
    Task<long?> FindRequestAsync(string conversationKey, string requestId, CancellationToken cancellationToken = default);

    /// <summary>Reads events after <paramref name="afterSeq"/> in order, optionally of one type only.</summary>
    Task<IReadOnlyList<ChatEvent>> ReadAsync(string conversationKey, long afterSeq, int limit, string? type, CancellationToken cancellationToken = default);

    /// <summary>Reads the last <paramref name="count"/> events of a type up to and including <paramref name="uptoSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<ChatEvent>> ReadRecentAsync(string conversationKey, long uptoSeq, int count, string type, CancellationToken cancellationToken = default);

    /// <summary>
    /// The turns acknowledged but not yet answered: user messages posted as turns with no <c>done</c> or <c>error</c> of
    /// their turn, oldest first, each saying whether any event of the turn was written (it had started).
    /// </summary>
    Task<IReadOnlyList<OpenTurn>> OpenTurnsAsync(string conversationKey, CancellationToken cancellationToken = default);

    /// <summary>The newest event of a conversation, or null when it has none.</summary>
    Task<ChatEvent?> LastAsync(string conversationKey, CancellationToken cancellationToken = default);
}
