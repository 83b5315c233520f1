namespace Sophia.Integrations.WebSearch;

/// <summary>What a search API answered: its results, and a note for the model when it found none (engines that failed).</summary>
public sealed record WebSearchAnswer(IReadOnlyList<WebSearchHit> Hits, string? Note);
