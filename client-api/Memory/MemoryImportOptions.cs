namespace Sophia.ClientApi.Memory;

/// <summary>
/// Where folder ingestion may read (<c>Sophia:Memory:ImportRoot</c>): each tenant only its own folder under it,
/// <c>ImportRoot/{tenant}</c>. Unset, folder ingestion is off.
/// </summary>
public sealed class MemoryImportOptions
{
    public string? ImportRoot { get; set; }

    /// <summary>The same limit memory applies to an upload (<c>Sophia:Memory:MaxDocumentBytes</c>); larger files are skipped unread.</summary>
    public long MaxDocumentBytes { get; set; } = 20 * 1024 * 1024;
}
