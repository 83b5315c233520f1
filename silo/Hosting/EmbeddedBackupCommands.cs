using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Sophia.Silo.Hosting;

/// <summary>
/// <c>silo backup PATH</c> and <c>silo restore PATH</c> for the embedded profile's data folder (<c>Sophia:DataDirectory</c>):
/// the SQLite database copied with SQLite's online backup, the token signing key and the Data Protection keys beside it.
/// </summary>
public static class EmbeddedBackupCommands
{
    private const string Database = "sophia.db";
    private const string SigningKey = "jwt-signing.key";
    private const string Keys = "keys";

    /// <summary>A consistent copy of a data folder into the new or empty folder PATH, safe while Sophia runs on it.</summary>
    public static async Task<int> BackupAsync(string[] args)
    {
        if (Parse(args, "backup") is not { } parsed)
        {
            return 2;
        }

        var (data, target) = parsed;

        var source = Path.Combine(data, Database);
        if (!File.Exists(source))
        {
            return await FailAsync($"backup found no database at {source}; set Sophia:DataDirectory (or --Sophia:DataDirectory=...) to Sophia's data folder.");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            return await FailAsync($"backup will not write into {target}: it is not empty. Name a new folder.");
        }

        Directory.CreateDirectory(target);
        await using (var from = await OpenAsync(source, SqliteOpenMode.ReadWrite))
        await using (var to = await OpenAsync(Path.Combine(target, Database), SqliteOpenMode.ReadWriteCreate))
        {
            // SQLite's online backup: pages copied under a read transaction, so writers of a running Sophia never see a torn file.
            from.BackupDatabase(to);
        }

        var keys = CopyKeys(data, target);
        Console.WriteLine($"Backed up {data} to {target}: {Database} ({new FileInfo(Path.Combine(target, Database)).Length} bytes){keys}.");
        return 0;
    }

    /// <summary>Puts the backup at PATH into an empty data folder; refuses while Sophia runs on it or when it holds a database.</summary>
    public static async Task<int> RestoreAsync(string[] args)
    {
        if (Parse(args, "restore") is not { } parsed)
        {
            return 2;
        }

        var (data, backup) = parsed;

        if (!File.Exists(Path.Combine(backup, Database)))
        {
            return await FailAsync($"restore found no {Database} in {backup}: name a folder made by `backup`.");
        }

        using var held = DataFolderLock.TryAcquire(data);
        if (held is null)
        {
            return await FailAsync($"restore refused: Sophia is running on {data} (it holds {DataFolderLock.FileName}). Stop it first.");
        }

        if (new[] { Database, SigningKey, Keys }.FirstOrDefault(n => Path.Exists(Path.Combine(data, n))) is { } existing)
        {
            return await FailAsync($"restore refused: {data} already holds {existing}; nothing was changed. Restore into an empty folder (--Sophia:DataDirectory=...) or move the old one away first.");
        }

        await using (var from = await OpenAsync(Path.Combine(backup, Database), SqliteOpenMode.ReadWrite))
        await using (var to = await OpenAsync(Path.Combine(data, Database), SqliteOpenMode.ReadWriteCreate))
        {
            from.BackupDatabase(to);
        }

        var keys = CopyKeys(backup, data);
        Console.WriteLine($"Restored {backup} into {data}: {Database}{keys}. Start Sophia with Sophia:DataDirectory={data}.");
        return 0;
    }

    private static (string Data, string Path)? Parse(string[] args, string command)
    {
        var paths = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (paths.Count != 1)
        {
            Console.Error.WriteLine($"usage: silo {command} PATH [--Sophia:DataDirectory=data]");
            return null;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args.Except(paths).ToArray()).Build();
        return (Path.GetFullPath(configuration["Sophia:DataDirectory"] ?? "data"), Path.GetFullPath(paths[0]));
    }

    private static string CopyKeys(string from, string to)
    {
        var copied = "";
        if (File.Exists(Path.Combine(from, SigningKey)))
        {
            File.Copy(Path.Combine(from, SigningKey), Path.Combine(to, SigningKey));
            copied += $", {SigningKey}";
        }

        var keys = new DirectoryInfo(Path.Combine(from, Keys));
        if (keys.Exists)
        {
            Directory.CreateDirectory(Path.Combine(to, Keys));
            var files = keys.GetFiles();
            foreach (var file in files)
            {
                file.CopyTo(Path.Combine(to, Keys, file.Name));
            }

            copied += $", {Keys}/ ({files.Length} key file(s))";
        }

        return copied;
    }

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync(message);
        return 1;
    }
}
