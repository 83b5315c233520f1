using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sophia.Memory;

namespace Sophia.Integrations.Providers;

/// <summary>A provider's record as it goes into memory: its key at the provider, page URL, object type, title, last change and text.</summary>
public sealed record SyncedRecord(string Key, string Url, string Type, string Title, DateTimeOffset ModifiedAt, string Markdown);

/// <summary>
/// The records of one kind a provider synced into the tenant's memory, kept in the integration's persisted state: for
/// each record key the modified time seen and the memory document written. A record written again replaces its earlier
/// document, a record deleted at the source is forgotten, and a page run again after a crash writes nothing twice
/// (memory knows a document by its text, and the ledger by the record's key).
/// </summary>
public sealed class SyncedRecords
{
    private const int MaxNameLength = 256;
    private readonly IntegrationSession _session;
    private readonly SyncProgress _progress;
    private readonly JsonObject _records;

    private SyncedRecords(IntegrationSession session, SyncProgress progress, JsonObject records) =>
        (_session, _progress, _records) = (session, progress, records);

    /// <summary>The ledger named <paramref name="set"/> (<c>calls</c>, <c>deals</c>) inside the session's state.</summary>
    public static SyncedRecords In(IntegrationSession session, SyncProgress progress, string set)
    {
        var all = session.State["records"] as JsonObject ?? (JsonObject)(session.State["records"] = new JsonObject());
        return new SyncedRecords(session, progress, all[set] as JsonObject ?? (JsonObject)(all[set] = new JsonObject()));
    }

    public IReadOnlyCollection<string> Keys => _records.Select(r => r.Key).ToList();

    public int Count => _records.Count;

    /// <summary>True when the record was written with this modified time (or a later one): nothing to do.</summary>
    public bool IsCurrent(string key, DateTimeOffset modifiedAt) =>
        (_records[key] as JsonObject)?["modified"]?.GetValue<string>() is { } seen
        && DateTimeOffset.Parse(seen, CultureInfo.InvariantCulture) >= modifiedAt;

    /// <summary>Writes the record into the tenant's memory, replacing its earlier document; counts it as looked at and, when new, as synced.</summary>
    public async Task WriteAsync(SyncedRecord record)
    {
        _progress.Looked();
        var name = $"{record.Title} ({record.Type})";
        var upload = new DocumentUpload(
            name.Length <= MaxNameLength ? name : name[..MaxNameLength], "text/markdown", Encoding.UTF8.GetBytes(Text(record)),
            new DocumentSource(record.Url, record.Type, record.ModifiedAt));
        var status = await _session.TenantMemory.IngestAsync(upload);
        if (DocumentOf(record.Key) is { } previous && previous != status.DocumentId)
        {
            await _session.TenantMemory.ForgetAsync(previous);
        }

        _records[record.Key] = new JsonObject
        {
            ["modified"] = record.ModifiedAt.ToString("O", CultureInfo.InvariantCulture),
            ["document"] = status.DocumentId,
        };
        if (status.New)
        {
            _progress.Wrote();
        }
    }

    /// <summary>Takes a record deleted at the source out of memory; false when it was never synced.</summary>
    public async Task<bool> ForgetAsync(string key)
    {
        if (!_records.ContainsKey(key))
        {
            return false;
        }

        _progress.Looked();
        if (DocumentOf(key) is { } document)
        {
            await _session.TenantMemory.ForgetAsync(document);
        }

        _records.Remove(key);
        return true;
    }

    private string? DocumentOf(string key) => (_records[key] as JsonObject)?["document"]?.GetValue<string>();

    // The header puts the citation in the passage itself, so a model that sees only the text can still cite the record.
    private static string Text(SyncedRecord record) =>
        $"# {record.Title}\n\n{record.Type} · {record.Url} · modified {record.ModifiedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}\n\n{record.Markdown.Trim()}\n";
}
