using Microsoft.Extensions.Options;
using Sophia.Memory;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Memory;

/// <summary>Where folder ingestion may read (<c>Sophia:Memory:ImportRoot</c>); unset, folder ingestion is off.</summary>
public sealed class MemoryImportOptions
{
    public string? ImportRoot { get; set; }
}

/// <summary>What a folder ingestion did with one file.</summary>
public sealed record FolderFile(string Path, IngestionStatus? Status, string? Skipped);

/// <summary>
/// Ingests every file of a folder under the import root (recursively) that Sophia can read, its chunks charged to
/// <c>user</c>; other files, and files whose chunks no longer fit the month's quota, are listed as skipped.
/// </summary>
public sealed class MemoryFolder(IOptions<MemoryImportOptions> options)
{
    public async Task<IReadOnlyList<FolderFile>> IngestAsync(IMemoryGrain memory, string? relativePath, string user)
    {
        if (string.IsNullOrWhiteSpace(options.Value.ImportRoot))
        {
            throw new ArgumentException("Folder ingestion is off: set Sophia:Memory:ImportRoot to the folder it may read from.");
        }

        var root = Path.GetFullPath(options.Value.ImportRoot);
        var folder = Path.GetFullPath(Path.Combine(root, relativePath ?? ""));
        var inside = folder == root || folder.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (!inside || !Directory.Exists(folder))
        {
            throw new ArgumentException($"'{relativePath}' is not a folder inside the import root; give a path relative to it.");
        }

        var results = new List<FolderFile>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file);
            try
            {
                results.Add(new FolderFile(relative, await memory.IngestAsync(new DocumentUpload(Path.GetFileName(file), "", await File.ReadAllBytesAsync(file)), user), null));
            }
            catch (Exception ex) when (ex is ArgumentException or QuotaExceededException)
            {
                results.Add(new FolderFile(relative, null, ex.Message));
            }
        }

        return results;
    }
}
