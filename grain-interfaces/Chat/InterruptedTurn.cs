namespace Sophia.Chat;

/// <summary>A turn the mediator stopped: the user message it answered and what it had written so far.</summary>
[GenerateSerializer, Immutable, Alias("sophia.InterruptedTurn")]
public sealed record InterruptedTurn(long UserSeq, string PartialAnswer);
