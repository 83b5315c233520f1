namespace Sophia.Chat;

/// <summary>What a user sees of one of their conversations in a list.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ConversationSummary")]
public sealed record ConversationSummary(string Id, string Title, DateTimeOffset CreatedAt, string Policy = DoubleTextingPolicy.Enqueue, string? LeadAgent = null);
