namespace Sophia.Tenancy;

/// <summary>What a quota meters: model tokens, tool calls, or chunks embedded into memory.</summary>
public enum QuotaMeter
{
    Tokens,
    ToolCalls,
    Chunks,
}

/// <summary>The four limits, as the API names them, and the meter and period each one counts.</summary>
public static class QuotaNames
{
    public const string TokensPerDay = "tokensPerDay";
    public const string TokensPerMonth = "tokensPerMonth";
    public const string ToolCallsPerDay = "toolCallsPerDay";
    public const string ChunksPerMonth = "chunksPerMonth";

    public static readonly IReadOnlyList<string> All = [TokensPerDay, TokensPerMonth, ToolCallsPerDay, ChunksPerMonth];

    public static IReadOnlyList<string> Of(QuotaMeter meter) => meter switch
    {
        QuotaMeter.Tokens => [TokensPerDay, TokensPerMonth],
        QuotaMeter.ToolCalls => [ToolCallsPerDay],
        _ => [ChunksPerMonth],
    };

    public static bool IsDaily(string name) => name is TokensPerDay or ToolCallsPerDay;

    /// <summary>How a limit reads in a sentence, e.g. "model tokens per day".</summary>
    public static string Describe(string name) => name switch
    {
        TokensPerDay => "model tokens per day",
        TokensPerMonth => "model tokens per month",
        ToolCallsPerDay => "tool calls per day",
        _ => "embedded chunks per month",
    };
}

/// <summary>A set of limits by name; a limit left out has none (for a user's overrides: the tenant's applies).</summary>
[GenerateSerializer, Immutable, Alias("sophia.QuotaLimits")]
public sealed record QuotaLimits(IReadOnlyDictionary<string, long> Values)
{
    public static readonly QuotaLimits None = new(new Dictionary<string, long>());

    public long? Of(string name) => Values.TryGetValue(name, out var value) ? value : null;

    /// <summary>These limits with <paramref name="changes"/> applied: a value sets a limit, null removes it, a name left out keeps it.</summary>
    public QuotaLimits With(IReadOnlyDictionary<string, long?> changes)
    {
        var values = new Dictionary<string, long>(Values);
        foreach (var (name, value) in changes)
        {
            if (value is { } set)
            {
                values[name] = set;
            }
            else
            {
                values.Remove(name);
            }
        }

        return new QuotaLimits(values);
    }

    /// <summary>Each limit from these limits when set, else from <paramref name="fallback"/>.</summary>
    public QuotaLimits Over(QuotaLimits fallback) =>
        new(QuotaNames.All.Where(n => (Of(n) ?? fallback.Of(n)) is not null).ToDictionary(n => n, n => (Of(n) ?? fallback.Of(n))!.Value));

    /// <summary>All four names, null where there is no limit: how the API shows them.</summary>
    public IReadOnlyDictionary<string, long?> ToApi() => QuotaNames.All.ToDictionary(n => n, Of);
}

/// <summary>Checks a change of limits before it is applied.</summary>
public static class QuotaChanges
{
    /// <summary>What is wrong with the change, or null: every name one of <see cref="QuotaNames.All"/>, every value null or at least 0.</summary>
    public static string? Problem(IReadOnlyDictionary<string, long?> changes)
    {
        var unknown = changes.Keys.Where(k => !QuotaNames.All.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            return $"Unknown field(s) {string.Join(", ", unknown.Select(u => $"\"{u}\""))}; a quota has {string.Join(", ", QuotaNames.All.Select(n => $"\"{n}\""))}.";
        }

        if (changes.Count == 0)
        {
            return $"Send a JSON object with any of {string.Join(", ", QuotaNames.All.Select(n => $"\"{n}\""))}: a whole number of at least 0, or null for no limit.";
        }

        return changes.FirstOrDefault(c => c.Value < 0) is { Key: { } negative }
            ? $"\"{negative}\" must be a whole number of at least 0, or null for no limit."
            : null;
    }
}
