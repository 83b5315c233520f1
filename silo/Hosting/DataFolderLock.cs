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

/// <summary>The embedded host's hold on its data folder: taken when start-up validation first asks, released when the host is disposed.</summary>
public sealed class DataFolderGuard(string dataDirectory) : IDisposable
{
    private readonly DataFolderLock? _lock = DataFolderLock.TryAcquire(dataDirectory);

    public bool Held => _lock is not null;

    public void Dispose() => _lock?.Dispose();
}
