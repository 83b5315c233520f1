using Sophia.Tenancy;

namespace Sophia.Memory;

/// <summary>One memory scope (key <c>tenant/scope</c>, see <see cref="MemoryScopes"/>) across the L1, L2 and L3 tiers.</summary>
[Alias("sophia.IMemoryGrain"), KeyedByUser("user:")]
public interface IMemoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts a document (text, Markdown, HTML or PDF) and ingests it in the background; a known document writes nothing.
    /// A new document's chunks are taken from the chunks-per-month quota of <paramref name="user"/> and the tenant first
    /// (<see cref="Tenancy.QuotaExceededException"/> when they do not fit, and nothing is written).
    /// </summary>
    [Alias("Ingest")]
    Task<IngestionStatus> IngestAsync(DocumentUpload upload, string? user = null);

    /// <summary>Remembers one fact (one chunk, taken from the quota as a document's are); returns its status (its id is the hash of its text).</summary>
    [Alias("Remember")]
    Task<IngestionStatus> RememberAsync(string fact, string? source, string? user = null);

    /// <summary>The passages that best answer the query, by vector and keyword search combined.</summary>
    [Alias("Recall")]
    Task<IReadOnlyList<Passage>> RecallAsync(RecallQuery query);

    /// <summary>Removes a document or fact from every tier; false when there was none.</summary>
    [Alias("Forget")]
    Task<bool> ForgetAsync(string documentId);

    /// <summary>One document's ingestion status, or null when the scope has no such document.</summary>
    [Alias("GetDocument")]
    Task<IngestionStatus?> GetDocumentAsync(string documentId);

    /// <summary>Every document and fact of the scope.</summary>
    [Alias("ListDocuments")]
    Task<IReadOnlyList<IngestionStatus>> ListDocumentsAsync();

    /// <summary>Registers or refreshes a watcher of ingestion progress; registrations expire unless refreshed.</summary>
    [Alias("Subscribe")]
    Task SubscribeAsync(IMemoryObserver observer);

    /// <summary>Passes an integration's sync counts on to the scope's watchers (the tenant scope's, which the sync fills).</summary>
    [Alias("ReportSync"), OneWay]
    Task ReportSyncAsync(Integrations.IntegrationSyncProgress progress);

    /// <summary>Removes a watcher.</summary>
    [Alias("Unsubscribe")]
    Task UnsubscribeAsync(IMemoryObserver observer);
}
