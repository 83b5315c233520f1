using Microsoft.Extensions.Configuration;
using Npgsql;
using Orleans.Hosting;
using Orleans.TestingHost;
using Sophia.Silo.Hosting;

namespace Sophia.Tests.Postgres;

/// <summary>Starts an in-process silo with Sophia's grain services, its grain state and reminders in PostgreSQL.</summary>
public static class AdoNetSophiaCluster
{
    private const string Invariant = "Npgsql";

    /// <summary>Clusters started with the same <paramref name="serviceId"/> and database see the same state.</summary>
    public static async Task<InProcessTestCluster> StartAsync(PostgresTestDatabase database, string dataDirectory, string serviceId, bool deleteStateOnClear = false)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sophia:DataDirectory"] = dataDirectory })
            .Build();

        // A session time zone far from UTC, so a reminder time written or read as local time would show.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Timezone = "Pacific/Kiritimati" }.ConnectionString;
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureClient(client => client.ActAsOperator());
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSophiaGrainServices(configuration);

            // Registered after Sophia's services, so the keyed "sophia" storage and the reminder table resolve to these.
            silo.AddAdoNetGrainStorage(SophiaSiloExtensions.StorageName, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
                o.DeleteStateOnClear = deleteStateOnClear;
            });
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
