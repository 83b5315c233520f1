using System.Diagnostics;
using System.Text.RegularExpressions;
using Sophia.Tests.Cluster;
using Xunit.Abstractions;

namespace Sophia.Tests.Backups;

/// <summary>The restore drill of README's "Backups and restore": infra/backup's files and script on a PostgreSQL of the test's own.</summary>
public sealed partial class PgBackRestDrillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Full_and_incremental_backups_restore_every_acknowledged_message_into_a_fresh_data_directory()
    {
        using var root = new TempFolder();
        var postgres = new PrivatePostgres(root.Path);
        var config = WriteConfig(root.Path, postgres.Port);
        var data = Path.Combine(root.Path, "data");
        var restored = Path.Combine(root.Path, "restored");
        var written = new Dictionary<string, Dictionary<long, string>>();
        // Grain state is stored under the service id: the Sophia started on the restored database keeps the first one's.
        var service = new Dictionary<string, string> { ["Sophia__Cluster__ServiceId"] = $"drill{Guid.NewGuid():N}"[..16] };
        try
        {
            postgres.InitDb(data);
            var settings = File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "backup", "postgresql.conf"))
                .Replace("pgbackrest --stanza", $"pgbackrest --config={config} --stanza");
            File.AppendAllText(Path.Combine(data, "postgresql.conf"), settings);
            await postgres.StartAsync(data);
            await postgres.ExecuteAsync("CREATE ROLE sophia LOGIN");
            await postgres.ExecuteAsync("CREATE DATABASE sophia OWNER sophia");
            var sophia = postgres.Connection("sophia", "sophia");
            var migrated = await MigrateCommandTests.MigrateAsync(sophia);
            Assert.True(migrated.ExitCode == 0, migrated.Output);
            Script(config, "stanza-create");

            await using (var cluster = await LocalCluster.StartAsync(sophia, ["eu"], service))
            {
                var token = await cluster.TokenAsync();
                await SendAsync(cluster, token, written, conversations: 3, messages: 2);
                Assert.Contains("completed successfully", Script(config, "full"));
                await SendAsync(cluster, token, written, conversations: 1, messages: 2);
                Assert.Contains("completed successfully", Script(config, "incr"));
                // After the last backup: only the WAL archive has these.
                await SendAsync(cluster, token, written, conversations: 1, messages: 1);
            }

            postgres.StopAll();
            var clock = Stopwatch.StartNew();
            Script(config, "restore", restored);
            await postgres.StartAsync(restored);
            clock.Stop();
            output.WriteLine($"Restore drill: pg-backup.sh restore and PostgreSQL start until it accepts writes took {clock.Elapsed.TotalSeconds:0.0} s " +
                $"({written.Count} conversations, {written.Values.Sum(m => m.Count)} acknowledged messages).");

            await using var again = await LocalCluster.StartAsync(sophia, ["eu"], service);
            var readToken = await again.TokenAsync();
            var order = written.Keys.ToList();
            foreach (var (id, messages) in written)
            {
                var read = await Within.Wait(ReadAsync(again, readToken, id), $"conversation {order.IndexOf(id) + 1} of {order.Count} to read back");
                Assert.Equal(messages, read);
            }

            var refused = Assert.Throws<InvalidOperationException>(() => Script(config, "restore", restored));
            Assert.Contains("restore refused", refused.Message);
        }
        finally
        {
            postgres.StopAll();
        }
    }

    private static async Task<Dictionary<long, string>> ReadAsync(LocalCluster cluster, string token, string id)
    {
        try
        {
            return await ClusterChat.UserMessagesAsync(cluster.Http, token, id);
        }
        catch (HttpRequestException ex)
        {
            throw new Xunit.Sdk.XunitException($"reading conversation {id} back: {ex.Message}");
        }
    }

    /// <summary>Adds <paramref name="conversations"/> new conversations, then <paramref name="messages"/> acknowledged messages to every one.</summary>
    private static async Task SendAsync(LocalCluster cluster, string token, Dictionary<string, Dictionary<long, string>> written, int conversations, int messages)
    {
        for (var c = 0; c < conversations; c++)
        {
            written[await ClusterChat.CreateConversationAsync(cluster.Http, token)] = [];
        }

        foreach (var (id, log) in written)
        {
            for (var m = 0; m < messages; m++)
            {
                var text = $"message {log.Count} of {id}";
                log[Assert.NotNull(await ClusterChat.TrySendAsync(cluster.Http, token, id, text))] = text;
            }
        }
    }

    /// <summary>infra/backup/pgbackrest.conf with its paths and port moved under the test's folder.</summary>
    private static string WriteConfig(string root, int port)
    {
        var values = new Dictionary<string, string>
        {
            ["repo1-path"] = Path.Combine(root, "repo"),
            ["log-path"] = Path.Combine(root, "log"),
            ["pg1-path"] = Path.Combine(root, "data"),
            ["pg1-port"] = port.ToString(),
            ["pg1-socket-path"] = root,
        };
        var template = File.ReadAllText(Path.Combine(RepoPaths.Root, "infra", "backup", "pgbackrest.conf"));
        var text = Setting().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) ? $"{m.Groups[1].Value}={v}" : m.Value)
            .Replace("[global]", $"[global]\nlock-path={Path.Combine(root, "lock")}");
        var path = Path.Combine(root, "pgbackrest.conf");
        File.WriteAllText(path, text);
        PrivatePostgres.Run("chown", PrivatePostgres.User, path);
        return path;
    }

    private static string Script(string config, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "infra", "backup", "pg-backup.sh"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PG_BACKUP_CONFIG"] = config, ["PG_BACKUP_USER"] = PrivatePostgres.User },
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit();
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"pg-backup.sh {string.Join(' ', args)} exited {process.ExitCode}:\n{text}");
    }

    [GeneratedRegex(@"^([a-z0-9-]+)=.*$", RegexOptions.Multiline)]
    private static partial Regex Setting();
}
