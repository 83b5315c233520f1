namespace Sophia.Chat;

/// <summary>A message refused because Sophia is still answering and the conversation's policy is <c>reject</c>.</summary>
[GenerateSerializer, Alias("sophia.ConversationBusyException")]
public sealed class ConversationBusyException(string message) : Exception(message);
