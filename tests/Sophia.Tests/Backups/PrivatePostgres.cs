using System.Diagnostics;
using Npgsql;

namespace Sophia.Tests.Backups;

/// <summary>
/// A PostgreSQL server of the test's own in a folder under temp, on a free loopback port, run as the user PostgreSQL
/// runs as (postgres when the tests run as root), so it can be stopped and restored without touching the shared one.
/// </summary>
public sealed class PrivatePostgres
{
    private static readonly string Bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
        .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var major) ? major : 0).LastOrDefault()
        ?? throw new InvalidOperationException("No PostgreSQL under /usr/lib/postgresql: run tests/run-all.sh, which installs it.");

    private readonly List<string> _started = [];

    public PrivatePostgres(string root)
    {
        Root = root;
        // The server's user must reach its folders; the test may read them all.
        Run("chown", "-R", User, root);
    }

    /// <summary>postgres when the tests run as root (PostgreSQL refuses root), otherwise the tests' own user.</summary>
    public static string User { get; } = Environment.UserName == "root" ? "postgres" : Environment.UserName;

    public string Root { get; }

    public int Port { get; } = FreePort.Next();

    public string Superuser => $"Host=127.0.0.1;Port={Port};Username=postgres";

    public string Connection(string user, string database) => $"Host=127.0.0.1;Port={Port};Username={user};Database={database}";

    public void InitDb(string dataDirectory) => AsServerUser(Path.Combine(Bin, "initdb"), "-D", dataDirectory, "-A", "trust", "-U", "postgres");

    /// <summary>Starts the server on a data directory and waits until it accepts writes (recovery, if any, finished).</summary>
    public async Task StartAsync(string dataDirectory)
    {
        AsServerUser(Path.Combine(Bin, "pg_ctl"), "-D", dataDirectory, "-l", Path.Combine(Root, $"{Path.GetFileName(dataDirectory)}.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {Root}", "start");
        _started.Add(dataDirectory);
        async Task<int> Writable()
        {
            while (true)
            {
                try
                {
                    // Unpooled: the read-only sessions of a recovering server are cut when it promotes.
                    await using var connection = new NpgsqlConnection($"{Superuser};Pooling=false");
                    await connection.OpenAsync();
                    await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
                    if (!(bool)(await command.ExecuteScalarAsync())!)
                    {
                        return 0;
                    }
                }
                catch (NpgsqlException)
                {
                    // Still recovering, or promoting right now.
                }

                await Task.Delay(50);
            }
        }

        await Within.Wait(Writable(), "the restored PostgreSQL to finish recovery and accept writes", TimeSpan.FromSeconds(60));
    }

    /// <summary>Stops every server this instance started that still runs; safe in a finally.</summary>
    public void StopAll()
    {
        foreach (var data in _started.Where(d => File.Exists(Path.Combine(d, "postmaster.pid"))))
        {
            AsServerUser(Path.Combine(Bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop");
        }
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a program as the server's user; throws with its output when it fails.</summary>
    public static string AsServerUser(string file, params string[] args) =>
        User == Environment.UserName ? Run(file, args) : Run("runuser", ["-u", User, "--", file, .. args]);

    public static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{output}");
    }
}
