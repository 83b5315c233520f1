namespace Sophia.ClientApi.Memory;

/// <summary>A path with every symbolic link in it resolved, parents included, as the file system will follow it.</summary>
public static class RealPath
{
    // As the kernel allows (MAXSYMLINKS): more links in a row are a loop.
    private const int MaxLinks = 40;

    /// <summary>The real path; throws <see cref="IOException"/> for a loop of links.</summary>
    public static string Of(string path) => Of(path, 0);

    /// <summary>Whether <paramref name="path"/> is <paramref name="folder"/> or lies under it (both real paths).</summary>
    public static bool IsWithin(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Of(string path, int links)
    {
        var full = Path.GetFullPath(path);
        var real = Path.GetPathRoot(full)!;
        foreach (var part in full[real.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            var link = new FileInfo(next);
            if (link.LinkTarget is null)
            {
                real = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"'{path}' goes through more than {MaxLinks} symbolic links.");
            }

            // The target may itself lie under linked folders, so it is resolved the same way.
            real = Of(Path.IsPathRooted(link.LinkTarget) ? link.LinkTarget : Path.Combine(real, link.LinkTarget), links);
        }

        return real;
    }
}
