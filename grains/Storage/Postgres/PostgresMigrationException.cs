using System.Text.RegularExpressions;
using Npgsql;

namespace Sophia.Storage.Postgres;

/// <summary>A migration step PostgreSQL refused; its message is one line that says which step, why and, for a privilege, what to grant.</summary>
public sealed partial class PostgresMigrationException(string step, string user, PostgresException error)
    : Exception(Describe(step, user, error), error)
{
    public string Step { get; } = step;

    /// <summary>True when the user lacks a privilege, rather than the SQL or the server being wrong.</summary>
    public bool LacksPrivilege => error.SqlState == PostgresErrorCodes.InsufficientPrivilege;

    private static string Describe(string step, string user, PostgresException error) =>
        error.SqlState == PostgresErrorCodes.InsufficientPrivilege
            ? $"{step} needs a privilege the user '{user}' lacks: {error.MessageText}; run migrate as the database's owner or {Grant(user, error.MessageText)}."
            : $"{step} failed: {error.SqlState}: {error.MessageText}";

    private static string Grant(string user, string message)
    {
        if (SchemaDenied().Match(message) is { Success: true } schema)
        {
            return $"GRANT USAGE, CREATE ON SCHEMA {schema.Groups[1].Value} TO \"{user}\"";
        }

        if (TableDenied().Match(message) is { Success: true } table)
        {
            return $"GRANT SELECT, INSERT, UPDATE, DELETE ON {table.Groups[1].Value} TO \"{user}\"";
        }

        if (NotOwner().Match(message) is { Success: true } owned)
        {
            return $"make it the owner: ALTER {owned.Groups[1].Value.ToUpperInvariant()} {owned.Groups[2].Value} OWNER TO \"{user}\"";
        }

        return DatabaseDenied().Match(message) is { Success: true } database
            ? $"GRANT CREATE ON DATABASE \"{database.Groups[1].Value}\" TO \"{user}\""
            : $"GRANT \"{user}\" what the message names";
    }

    [GeneratedRegex(@"permission denied for schema (\S+)")]
    private static partial Regex SchemaDenied();

    [GeneratedRegex(@"permission denied for (?:table|relation|sequence) (\S+)")]
    private static partial Regex TableDenied();

    [GeneratedRegex(@"must be owner of (table|sequence|function|view) (\S+)")]
    private static partial Regex NotOwner();

    [GeneratedRegex(@"permission denied for database (\S+)")]
    private static partial Regex DatabaseDenied();
}
