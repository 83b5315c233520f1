using System.Text.RegularExpressions;

namespace Sophia.Memory.Store;

/// <summary>The words of a free-text query, safe to put into an FTS5 or tsquery expression (letters and digits only).</summary>
public static partial class KeywordQuery
{
    public static IReadOnlyList<string> Words(string query) =>
        WordPattern().Matches(query).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length > 1).Distinct().Take(32).ToList();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
