using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Sophia.Storage.Postgres;

namespace Sophia.Silo.Hosting;

/// <summary>One-shot operator commands of the silo executable.</summary>
public static class SiloCommands
{
    /// <summary><c>silo migrate</c>: applies the schema under infra/sql to ConnectionStrings:postgres; safe to run again.</summary>
    public static async Task<int> MigrateAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        if (string.IsNullOrEmpty(configuration.GetConnectionString("postgres")))
        {
            await Console.Error.WriteLineAsync("migrate needs the PostgreSQL connection string: set ConnectionStrings__postgres or pass --ConnectionStrings:postgres=...");
            return 2;
        }

        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var logger = logging.CreateLogger("Sophia.Migrate");
        try
        {
            var applied = await PostgresMigrator.MigrateAsync(configuration.GetConnectionString("postgres")!, logger, CancellationToken.None);
            logger.LogInformation(applied.Count == 0 ? "Schema is up to date." : "Applied {Count} migration(s): {Names}", applied.Count, string.Join(", ", applied));
            return 0;
        }
        catch (Exception ex) when (ex is PostgresMigrationException or NpgsqlException)
        {
            // An operator's problem (a privilege, a password, a server that is down): one line saying it, no stack trace.
            logging.Dispose();
            await Console.Error.WriteLineAsync(ex is PostgresMigrationException ? ex.Message : $"migrate could not use PostgreSQL: {ex.Message}");
            return 1;
        }
    }
}
