using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Sophia.Memory.Chunking;
using Sophia.Memory.Embeddings;
using Sophia.Memory.Index;
using Sophia.Memory.Store;
using Sophia.Telemetry;

namespace Sophia.Memory;

/// <summary>A document ready to be ingested: its chunks with their content-hash ids.</summary>
public sealed record PreparedDocument(MemoryDocument Document, IReadOnlyList<MemoryChunk> Chunks);

/// <summary>What one ingestion step did for one document: chunks embedded, and chunks stored in all after it.</summary>
public sealed record IngestionStep(PreparedDocument Prepared, int Embedded, int Stored)
{
    public bool Done => Stored >= Prepared.Chunks.Count;
}

/// <summary>
/// Ingestion across the tiers, one batch at a time: a document is recorded in L3 first (with its text), then each batch is
/// embedded, written to L2 and only then to L3. What L3 holds is therefore done, and an ingestion cut off by a crash
/// resumes from the chunks L3 lacks.
/// </summary>
public sealed class MemoryIngestion(
    IMemoryStore store, IVectorIndex index, IEmbeddingGenerator<string, Embedding<float>> embeddings, IOptions<MemoryOptions> options)
{
    private readonly MemoryOptions _options = options.Value;
    private readonly TextChunker _chunker = new(MiniLmModel.Tokenizer, options.Value.ChunkTokens, options.Value.ChunkOverlapTokens);

    /// <summary>
    /// Reads the upload, refuses what cannot be stored (saying why), and records a new document after <c>charge</c> took the
    /// chunks it will embed from the quotas (it throws when they do not fit); a known one is left as it is.
    /// </summary>
    public async Task<(PreparedDocument Prepared, bool New)> AcceptAsync(string tenant, string scope, DocumentUpload upload, Func<int, Task> charge, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(upload.Name) || upload.Name.Length > 256)
        {
            throw new ArgumentException("A document needs a name of 1 to 256 characters (its file name).");
        }

        if (upload.Content.Length == 0)
        {
            throw new ArgumentException($"'{upload.Name}' is empty; send a file with content.");
        }

        if (upload.Content.Length > _options.MaxDocumentBytes)
        {
            throw new ArgumentException($"'{upload.Name}' has {upload.Content.Length} bytes; the limit is {_options.MaxDocumentBytes} (Sophia:Memory:MaxDocumentBytes).");
        }

        var format = DocumentText.FormatOf(upload.Name, upload.ContentType)
            ?? throw new ArgumentException($"'{upload.Name}' ({upload.ContentType}) is not a format Sophia reads; send {DocumentText.Supported}.");
        var text = DocumentText.Extract(upload.Name, format, upload.Content);
        if (text.Length == 0)
        {
            throw new ArgumentException($"'{upload.Name}' holds no text Sophia can read (a scanned PDF needs OCR first).");
        }

        return await AcceptTextAsync(tenant, scope, upload.Name, MemoryKinds.Document, format, text, charge, cancellationToken, upload.Source);
    }

    /// <summary>Records a fact as a one-chunk entry of kind <c>fact</c>.</summary>
    public Task<(PreparedDocument Prepared, bool New)> AcceptFactAsync(string tenant, string scope, string fact, string? source, Func<int, Task> charge, CancellationToken cancellationToken)
    {
        fact = fact?.Trim() ?? string.Empty;
        if (fact.Length is 0 or > 4000)
        {
            throw new ArgumentException("A fact needs 1 to 4000 characters of text.");
        }

        return AcceptTextAsync(tenant, scope, string.IsNullOrWhiteSpace(source) ? "remembered fact" : source.Trim(), MemoryKinds.Fact, DocumentText.PlainText, fact, charge, cancellationToken);
    }

    /// <summary>The distinct chunks of a document, as <see cref="AcceptAsync"/> cut them: the same text always yields the same chunks.</summary>
    public PreparedDocument Prepare(MemoryDocument document)
    {
        var pieces = document.Kind == MemoryKinds.Fact ? [new TextChunk(0, 0, document.Text)] : _chunker.Split(document.Text);
        return new PreparedDocument(document, pieces.Select(p => new MemoryChunk(ContentHash.Chunk(document.Id, p.Text), document.Id, p.Position, p.StartChar, p.Text)).DistinctBy(c => c.Id).ToList());
    }

    /// <summary>
    /// Embeds and stores the next batch of chunks L3 lacks, filled from the queued documents in order (so small documents
    /// share a model call); returns, for each document it touched, how many chunks it embedded and how many are stored now.
    /// </summary>
    public async Task<IReadOnlyList<IngestionStep>> StepAsync(string tenant, string scope, IReadOnlyList<PreparedDocument> queue, CancellationToken cancellationToken)
    {
        var steps = new List<IngestionStep>();
        var batch = new List<MemoryChunk>();
        foreach (var prepared in queue)
        {
            if (batch.Count == _options.EmbeddingBatchSize)
            {
                break;
            }

            var stored = await store.StoredChunkIdsAsync(tenant, scope, prepared.Document.Id, cancellationToken);
            var missing = prepared.Chunks.Where(c => !stored.Contains(c.Id)).Take(_options.EmbeddingBatchSize - batch.Count).ToList();
            batch.AddRange(missing);
            steps.Add(new IngestionStep(prepared, missing.Count, stored.Count + missing.Count));
        }

        if (batch.Count > 0)
        {
            var vectors = await embeddings.GenerateAsync(batch.Select(c => c.Text), EmbeddingTenant.For(tenant), cancellationToken);
            await index.UpsertAsync(tenant, batch.Select((c, i) => new VectorRecord(scope, c.Id, c.DocumentId, vectors[i].Vector)).ToList(), cancellationToken);
            await store.AddChunksAsync(tenant, scope, batch, cancellationToken);
            SophiaDiagnostics.ChunksStored.Add(batch.Count, SophiaDiagnostics.Tag("tenant", tenant));
        }

        foreach (var step in steps.Where(s => s.Done))
        {
            await store.MarkStoredAsync(tenant, scope, step.Prepared.Document.Id, cancellationToken);
        }

        return steps;
    }

    /// <summary>Removes a document from L3 and L2, and its chunks' embeddings from L1; false when the scope had no such document.</summary>
    public async Task<bool> ForgetAsync(string tenant, string scope, string documentId, CancellationToken cancellationToken)
    {
        var document = await store.GetDocumentAsync(tenant, scope, documentId, cancellationToken);
        if (document is null)
        {
            return false;
        }

        await index.DeleteDocumentAsync(tenant, scope, documentId, cancellationToken);
        await store.DeleteDocumentAsync(tenant, scope, documentId, cancellationToken);
        if (embeddings.GetService<HybridCachingEmbeddingGenerator>() is { } cache)
        {
            await cache.ForgetAsync(tenant, Prepare(document).Chunks.Select(c => c.Text), cancellationToken);
        }

        return true;
    }

    private async Task<(PreparedDocument Prepared, bool New)> AcceptTextAsync(
        string tenant, string scope, string name, string kind, string format, string text, Func<int, Task> charge, CancellationToken cancellationToken,
        DocumentSource? source = null)
    {
        var id = ContentHash.Of(kind, text);
        if (await store.GetDocumentAsync(tenant, scope, id, cancellationToken) is { } known)
        {
            return (Prepare(known), false);
        }

        var prepared = Prepare(new MemoryDocument(id, name, kind, format, text, IngestionStates.Ingesting, 0, DateTimeOffset.UnixEpoch, source));
        var chunks = prepared.Chunks.Count;
        var kept = await store.CountChunksAsync(tenant, cancellationToken);
        if (kept + chunks > _options.MaxChunksPerTenant)
        {
            throw new MemoryLimitException(
                $"'{name}' would add {chunks} chunks to the {kept} this tenant keeps; the limit is {_options.MaxChunksPerTenant} " +
                "(Sophia:Memory:MaxChunksPerTenant). Forget documents first, or raise the limit.");
        }

        // Counted when accepted, before any work: its chunks are all new (their ids hash the document), so all will be embedded.
        await charge(chunks);
        prepared = prepared with { Document = prepared.Document with { ChunkCount = chunks } };
        var added = await store.AddDocumentAsync(tenant, scope, prepared.Document, cancellationToken);
        return (prepared, added);
    }
}
