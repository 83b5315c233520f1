using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sophia.Integrations.Salesforce;

/// <summary>
/// Lets through exactly one read-only SOQL <c>SELECT</c> and caps what it returns: no statement separators, no data
/// manipulation words (<c>FOR UPDATE</c> locks records too), and a top-level <c>LIMIT</c> of at most
/// <see cref="MaxRows"/>, added when missing. Words inside string literals and subqueries do not count.
/// </summary>
internal static partial class SoqlGuard
{
    public const int MaxRows = 200;
    private static readonly string[] Forbidden = ["INSERT", "UPDATE", "DELETE", "UPSERT", "MERGE", "UNDELETE"];

    /// <summary>The query to send, with its LIMIT; throws a refusal that says what to change.</summary>
    public static string Checked(string tool, string soql)
    {
        var query = soql.Trim();
        if (query.Length == 0)
        {
            throw Refuse(tool, "'query' is empty; send one SOQL SELECT statement");
        }

        var outsideLiterals = Mask(tool, query, parentheses: false);
        if (outsideLiterals.Contains(';', StringComparison.Ordinal))
        {
            throw Refuse(tool, "send exactly one SOQL SELECT statement, without ';' or a second statement");
        }

        if (!SelectStart().IsMatch(outsideLiterals))
        {
            throw Refuse(tool, "only a SOQL SELECT statement is allowed (it must start with SELECT); this tool reads and never changes records");
        }

        if (Forbidden.FirstOrDefault(word => Regex.IsMatch(outsideLiterals, $@"\b{word}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) is { } found)
        {
            throw Refuse(tool, $"'{found}' is not allowed: this tool only reads with one SELECT (no DML, no FOR UPDATE)");
        }

        var topLevel = Mask(tool, query, parentheses: true);
        var limit = TopLevelLimit().Match(topLevel);
        if (!limit.Success)
        {
            return TrailingClause().IsMatch(topLevel)
                ? throw Refuse(tool, $"add LIMIT {MaxRows} (or less) before OFFSET or FOR: this tool returns at most {MaxRows} rows")
                : $"{query} LIMIT {MaxRows}";
        }

        var rows = long.TryParse(limit.Groups["rows"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
        return rows <= MaxRows
            ? query
            : throw Refuse(tool, $"LIMIT {limit.Groups["rows"].Value} is more than this tool returns; use LIMIT {MaxRows} or less and narrow the WHERE clause");
    }

    /// <summary>The query with string literals (and, when asked, parenthesised parts) blanked out, so only its own words are read.</summary>
    private static string Mask(string tool, string query, bool parentheses)
    {
        var masked = new StringBuilder(query.Length);
        var inLiteral = false;
        var depth = 0;
        for (var i = 0; i < query.Length; i++)
        {
            var c = query[i];
            if (inLiteral)
            {
                if (c == '\\' && i + 1 < query.Length)
                {
                    masked.Append("  ");
                    i++;
                    continue;
                }

                inLiteral = c != '\'';
                masked.Append(' ');
                continue;
            }

            if (c == '\'')
            {
                inLiteral = true;
                masked.Append(' ');
                continue;
            }

            if (parentheses && (c == '(' || c == ')'))
            {
                depth = Math.Max(0, depth + (c == '(' ? 1 : -1));
                masked.Append(' ');
                continue;
            }

            masked.Append(parentheses && depth > 0 ? ' ' : c);
        }

        return inLiteral ? throw Refuse(tool, "a string literal is not closed; close it with '") : masked.ToString();
    }

    private static IntegrationRefusedException Refuse(string tool, string problem) => new($"{tool}: {problem}.");

    [GeneratedRegex(@"^\s*SELECT\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SelectStart();

    [GeneratedRegex(@"\bLIMIT\s+(?<rows>\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TopLevelLimit();

    [GeneratedRegex(@"\b(OFFSET|FOR)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingClause();
}
