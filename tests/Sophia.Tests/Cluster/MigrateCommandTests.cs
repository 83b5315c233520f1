using System.Diagnostics;
using Sophia.Storage.Postgres;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Cluster;

public sealed class MigrateCommandTests
{
    internal static Task<(int ExitCode, string Output)> MigrateAsync(string connectionString) =>
        SiloCommandAsync(["migrate"], new() { ["ConnectionStrings__postgres"] = connectionString });

    /// <summary>Runs one of the silo executable's one-shot commands, as README does.</summary>
    internal static async Task<(int ExitCode, string Output)> SiloCommandAsync(string[] args, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", [RepoPaths.SiloDll, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await Within.Wait(process.WaitForExitAsync().ContinueWith(_ => 0), $"silo {args[0]} to finish");
        return (process.ExitCode, await output + await error);
    }

    [Fact]
    public async Task Silo_migrate_creates_the_schema_and_a_second_run_changes_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(migrate: false);

        var first = await MigrateAsync(database.ConnectionString);
        var second = await MigrateAsync(database.ConnectionString);
        var recorded = await database.QueryAsync("SELECT version FROM sophia_schema_migrations ORDER BY version", r => r.GetString(0));

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains($"Applied {PostgresMigrator.Migrations.Count} migration(s)", first.Output);
        Assert.Contains("Schema is up to date.", second.Output);
        Assert.Equal(PostgresMigrator.Migrations.Count, recorded.Count);
    }

    [Fact]
    public async Task Silo_migrate_as_a_role_without_create_on_the_schema_exits_1_naming_the_grant_in_one_line()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(migrate: false);
        var plain = await database.AddRoleAsync();
        var user = new Npgsql.NpgsqlConnectionStringBuilder(plain).Username;

        var (exitCode, output) = await MigrateAsync(plain);

        Assert.True(exitCode == 1, output);
        Assert.DoesNotContain("   at ", output);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"The table sophia_schema_migrations needs a privilege the user '{user}' lacks: permission denied for schema public;", line);
        Assert.EndsWith($"GRANT USAGE, CREATE ON SCHEMA public TO \"{user}\".", line);
    }

    [Fact]
    public async Task Silo_migrate_without_a_connection_string_says_which_setting_is_missing()
    {
        var start = new ProcessStartInfo("dotnet", [RepoPaths.SiloDll, "migrate"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("ConnectionStrings__postgres");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("ConnectionStrings__postgres", output);
    }
}
