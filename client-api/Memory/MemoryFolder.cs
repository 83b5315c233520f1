using Microsoft.Extensions.Options;
using Sophia.ClientApi.Auth;
using Sophia.Memory;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Memory;

/// <summary>What a folder ingestion did with one file.</summary>
public sealed record FolderFile(string Path, IngestionStatus? Status, string? Skipped);

/// <summary>
/// Ingests every file of a folder under the caller's tenant folder, <c>ImportRoot/{tenant}</c> (recursively), that Sophia
/// can read, its chunks charged to the caller. Links are followed only where they stay inside that folder; every other
/// file, and one whose chunks no longer fit the month's quota, is listed with why it was skipped.
/// </summary>
public sealed class MemoryFolder(IOptions<MemoryImportOptions> options)
{
    public async Task<IReadOnlyList<FolderFile>> IngestAsync(Caller caller, IMemoryGrain memory, string? relativePath)
    {
        var tenantRoot = TenantRoot(caller.Tenant);
        var folder = Resolve(Path.Combine(tenantRoot, relativePath ?? ""));
        if (!RealPath.IsWithin(folder, tenantRoot) || !Directory.Exists(folder))
        {
            throw new ArgumentException($"'{relativePath}' is not a folder inside your tenant's import folder; give a path relative to it.");
        }

        var results = new List<FolderFile>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { folder };
        await IngestFolderAsync(memory, caller.User, tenantRoot, folder, Path.GetRelativePath(tenantRoot, folder), visited, results);
        return results.OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
    }

    private string TenantRoot(string tenant)
    {
        if (string.IsNullOrWhiteSpace(options.Value.ImportRoot))
        {
            throw new ArgumentException("Folder ingestion is off: set Sophia:Memory:ImportRoot to the folder it may read from.");
        }

        var root = tenant is "." or ".." || tenant.IndexOfAny(['/', '\\']) >= 0 ? null : Resolve(Path.Combine(options.Value.ImportRoot, tenant));
        if (root is null || !Directory.Exists(root))
        {
            throw new ArgumentException($"Your tenant has no import folder: an operator creates it as {tenant} under Sophia:Memory:ImportRoot.");
        }

        return root;
    }

    private static string Resolve(string path)
    {
        try
        {
            return RealPath.Of(path);
        }
        catch (IOException ex)
        {
            throw new ArgumentException(ex.Message);
        }
    }

    // Walks real folders only: every entry is this folder's child, and a link is resolved before anything is read through it.
    private async Task IngestFolderAsync(IMemoryGrain memory, string user, string tenantRoot, string folder, string shown, HashSet<string> visited, List<FolderFile> results)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            var path = Path.Combine(shown, entry.Name);
            path = path.StartsWith("." + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path[2..] : path;
            string real;
            try
            {
                real = entry.LinkTarget is null ? entry.FullName : RealPath.Of(entry.FullName);
            }
            catch (IOException ex)
            {
                results.Add(new FolderFile(path, null, ex.Message));
                continue;
            }

            if (!RealPath.IsWithin(real, tenantRoot))
            {
                results.Add(new FolderFile(path, null, "It links outside your tenant's import folder, so Sophia does not read it."));
            }
            else if (Directory.Exists(real))
            {
                // A link back up the tree would otherwise be walked forever.
                if (visited.Add(real))
                {
                    await IngestFolderAsync(memory, user, tenantRoot, real, path, visited, results);
                }
            }
            else
            {
                results.Add(await IngestFileAsync(memory, user, path, real));
            }
        }
    }

    private async Task<FolderFile> IngestFileAsync(IMemoryGrain memory, string user, string path, string real)
    {
        byte[] content;
        try
        {
            var file = new FileInfo(real);
            if (!file.Exists)
            {
                return new FolderFile(path, null, "It could not be read: it no longer exists (a broken link, or it was removed).");
            }

            // Pipes and devices report no length; opening one to read would wait for a writer.
            if (file.Length == 0)
            {
                return new FolderFile(path, null, "It is empty or not a regular file, so there is nothing to read.");
            }

            if (file.Length > options.Value.MaxDocumentBytes)
            {
                return new FolderFile(path, null, $"It has {file.Length} bytes; the limit is {options.Value.MaxDocumentBytes} (Sophia:Memory:MaxDocumentBytes).");
            }

            content = await File.ReadAllBytesAsync(real);
        }
        catch (UnauthorizedAccessException)
        {
            return new FolderFile(path, null, "It could not be read: permission denied.");
        }
        catch (IOException ex)
        {
            return new FolderFile(path, null, $"It could not be read: {ex.Message}");
        }

        try
        {
            return new FolderFile(path, await memory.IngestAsync(new DocumentUpload(Path.GetFileName(path), "", content), user), null);
        }
        catch (Exception ex) when (ex is ArgumentException or MemoryLimitException or QuotaExceededException)
        {
            return new FolderFile(path, null, ex.Message);
        }
    }
}
