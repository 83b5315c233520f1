using Npgsql;

namespace Sophia.Memory.Store;

/// <summary>
/// Refuses a PostgreSQL role that skips row-level security (a superuser, or one with BYPASSRLS): the policies are what
/// keeps one tenant's memory (or audit log, ...) from another, so <paramref name="feature"/> does not run without them.
/// </summary>
public sealed class RowLevelSecurityGuard(NpgsqlDataSource dataSource, string feature = "Memory", string holds = "memory")
{
    private Task<string?>? _check;

    /// <summary>Throws, saying why and what to connect as, when the data source's role bypasses row-level security.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var check = _check ??= ProblemAsync(dataSource, CancellationToken.None, feature, holds);
        string? problem;
        try
        {
            problem = await check.WaitAsync(cancellationToken);
        }
        catch (Exception) when (check.IsFaulted)
        {
            // A connection failure is not an answer: ask again next time.
            _check = null;
            throw;
        }

        if (problem is not null)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>Why the feature refuses the data source's role, or null when row-level security applies to it.</summary>
    public static async Task<string?> ProblemAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken, string feature = "Memory", string holds = "memory")
    {
        await using var command = dataSource.CreateCommand("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || !(reader.GetBoolean(1) || reader.GetBoolean(2)))
        {
            return null;
        }

        var (user, why) = (reader.GetString(0), reader.GetBoolean(1) ? "a superuser" : "a role with BYPASSRLS");
        return $"{feature} refuses to run as PostgreSQL role '{user}': it is {why}, which skips row-level security, so one tenant could read another's {holds}; " +
            "connect as the database's owner or another role without SUPERUSER and BYPASSRLS.";
    }
}
