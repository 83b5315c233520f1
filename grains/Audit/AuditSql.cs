namespace Sophia.Audit;

/// <summary>The one page query both stores run, with their own parameter names and time column.</summary>
internal static class AuditSql
{
    // A prefix filter compares the leading characters rather than LIKE, where '_' in a name like api_key is a wildcard.
    public static string Select(string columns, string tenantClause, string after, string afterTime, string before, string actor, string action, string timeColumn, bool forward) => $"""
        SELECT {columns} FROM audit_entries
        WHERE {tenantClause}
          AND ({after} IS NULL OR id > {after})
          AND ({afterTime} IS NULL OR {timeColumn} > {afterTime})
          AND ({before} IS NULL OR id < {before})
          AND ({actor} IS NULL OR actor = {actor})
          AND ({action} IS NULL OR action = {action} OR substr(action, 1, length({action}) + 1) = {action} || '.')
        ORDER BY id {(forward ? "ASC" : "DESC")}
        """;
}
