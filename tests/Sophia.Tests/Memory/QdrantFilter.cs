using Qdrant.Client.Grpc;

namespace Sophia.Tests.Memory;

/// <summary>Qdrant's filter semantics for the conditions Sophia sends: keyword and any-of keyword matches under must, should and must_not.</summary>
public static class QdrantFilter
{
    public static bool Matches(Filter? filter, IReadOnlyDictionary<string, Value> payload) =>
        filter is null
        || (filter.Must.All(c => Holds(c, payload))
            && !filter.MustNot.Any(c => Holds(c, payload))
            && (filter.Should.Count == 0 || filter.Should.Any(c => Holds(c, payload))));

    private static bool Holds(Condition condition, IReadOnlyDictionary<string, Value> payload) => condition.ConditionOneOfCase switch
    {
        Condition.ConditionOneOfOneofCase.Filter => Matches(condition.Filter, payload),
        Condition.ConditionOneOfOneofCase.Field => payload.TryGetValue(condition.Field.Key, out var value) && Holds(condition.Field.Match, value.StringValue),
        var other => throw new NotSupportedException($"This stand-in does not evaluate {other} conditions."),
    };

    private static bool Holds(Match match, string value) => match.MatchValueCase switch
    {
        Match.MatchValueOneofCase.Keyword => match.Keyword == value,
        Match.MatchValueOneofCase.Keywords => match.Keywords.Strings.Contains(value),
        Match.MatchValueOneofCase.ExceptKeywords => !match.ExceptKeywords.Strings.Contains(value),
        var other => throw new NotSupportedException($"This stand-in does not evaluate {other} matches."),
    };
}
