namespace Sophia.ClientApi.Chat;

/// <summary>The id names no conversation of the caller (malformed, never created, or someone else's).</summary>
public sealed class UnknownConversationException(string conversationId)
    : Exception($"Unknown conversation '{conversationId}'. Use an id returned by CreateConversation or GET /api/conversations.");
