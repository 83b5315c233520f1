namespace Sophia.Silo.Hosting;

/// <summary>
/// <c>sophia.lock</c> in the embedded data folder, held open exclusively (an advisory lock the OS drops when the process
/// dies): one Sophia per data folder, and <c>silo restore</c> knows when Sophia runs on it.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    public const string FileName = "sophia.lock";

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>The lock, or null while another process (or this one) holds it.</summary>
    public static DataFolderLock? TryAcquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            return new DataFolderLock(new FileStream(Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>Holds the data folder's lock from before the embedded silo starts until after it stopped.</summary>
public sealed class DataFolderLockService(string dataDirectory) : IHostedService
{
    private DataFolderLock? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lock = DataFolderLock.TryAcquire(dataDirectory) ?? throw new SophiaConfigurationException(
            $"Another Sophia is running on the data folder {dataDirectory} (it holds {DataFolderLock.FileName}); stop it, or set Sophia:DataDirectory to another folder.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _lock?.Dispose();
        return Task.CompletedTask;
    }
}
