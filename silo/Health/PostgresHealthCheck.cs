using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Sophia.Silo.Health;

/// <summary>Ready only when PostgreSQL runs a statement now and is not a read-only replica.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var command = dataSource.CreateCommand("SELECT pg_is_in_recovery()");
            var readOnly = (bool)(await command.ExecuteScalarAsync(timeout.Token))!;
            return readOnly ? HealthCheckResult.Unhealthy("PostgreSQL is a read-only replica") : HealthCheckResult.Healthy("PostgreSQL accepts writes");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL unreachable: {ex.Message}");
        }
    }
}
