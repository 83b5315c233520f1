namespace Sophia.Chat;

/// <summary>A turn acknowledged but not yet answered: the seq of its user message, and whether any of its events was written.</summary>
[GenerateSerializer, Immutable, Alias("sophia.OpenTurn")]
public sealed record OpenTurn(long Seq, bool Started);
