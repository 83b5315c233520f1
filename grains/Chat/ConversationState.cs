namespace Sophia.Chat;

/// <summary>What a conversation persists as grain state: metadata only; its events live in the message log.</summary>
[GenerateSerializer, Alias("sophia.ConversationState")]
public sealed class ConversationState
{
    [Id(0)] public string Owner { get; set; } = "";
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public string Policy { get; set; } = DoubleTextingPolicy.Enqueue;
    [Id(4)] public string? LeadAgent { get; set; }
}
