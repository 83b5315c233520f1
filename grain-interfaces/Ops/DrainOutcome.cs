namespace Sophia.Ops;

/// <summary>What asking a silo to drain did.</summary>
[GenerateSerializer, Alias("sophia.DrainOutcome")]
public enum DrainOutcome
{
    Draining,
    NotFound,
    NotActive,
    LastActive,
}

/// <summary>The outcome and the silo it concerns (null when none matched).</summary>
[GenerateSerializer, Immutable, Alias("sophia.DrainResult")]
public sealed record DrainResult(DrainOutcome Outcome, SiloView? Silo);
