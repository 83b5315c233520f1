using Microsoft.Extensions.Diagnostics.HealthChecks;
using Sophia.Storage;

namespace Sophia.Silo.Health;

/// <summary>Ready only when the SQLite file takes a durable write, not merely when it exists.</summary>
public sealed class SqliteHealthCheck(SqliteDatabase database, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.ExecuteAsync(
                "INSERT INTO health_probe (id, at_ms) VALUES (1, $at) ON CONFLICT (id) DO UPDATE SET at_ms = excluded.at_ms",
                cancellationToken, ("$at", time.GetUtcNow().ToUnixTimeMilliseconds()));
            return HealthCheckResult.Healthy(database.FilePath);
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{database.FilePath}: {ex.Message}");
        }
    }
}
