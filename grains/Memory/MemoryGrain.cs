using Orleans.Utilities;
using Sophia.Memory.Store;
using Sophia.Tenancy;

namespace Sophia.Memory;

/// <summary>
/// One memory scope. Ingestion runs in the background, one batch per timer tick, so calls are served between batches; a
/// reminder brings the grain back after a crash, and activation resumes every document not yet stored.
/// </summary>
public sealed class MemoryGrain(MemoryIngestion ingestion, MemoryRecall recall, IMemoryStore store, ILogger<MemoryGrain> logger)
    : Grain, IMemoryGrain, IRemindable
{
    private const string ResumeReminder = "memory-ingestion";

    private readonly ObserverManager<IMemoryObserver> _watchers = new(TimeSpan.FromMinutes(5), logger);
    private readonly Dictionary<string, PreparedDocument> _queue = [];
    private readonly Dictionary<string, int> _embedded = [];
    private IGrainTimer? _worker;

    private string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;

    private string Scope => GrainKeys.Split(this.GetPrimaryKeyString()).Local;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!MemoryScopes.IsValid(Scope))
        {
            throw new ArgumentException($"'{Scope}' is not a memory scope; use '{MemoryScopes.Tenant}', 'user:{{name}}' or 'conversation:{{id}}'.");
        }

        foreach (var pending in await store.ListDocumentsAsync(Tenant, Scope, IngestionStates.Ingesting, cancellationToken))
        {
            if (await store.GetDocumentAsync(Tenant, Scope, pending.Id, cancellationToken) is { } document)
            {
                _queue[document.Id] = ingestion.Prepare(document);
            }
        }

        if (_queue.Count > 0)
        {
            logger.LogInformation("Resuming ingestion of {Count} documents in {Key}", _queue.Count, this.GetPrimaryKeyString());
            StartWorker();
        }
    }

    public async Task<IngestionStatus> IngestAsync(DocumentUpload upload, string? user = null) =>
        await AcceptAsync(await ingestion.AcceptAsync(Tenant, Scope, upload, ChargeTo(user), CancellationToken.None));

    public async Task<IngestionStatus> RememberAsync(string fact, string? source, string? user = null) =>
        await AcceptAsync(await ingestion.AcceptFactAsync(Tenant, Scope, fact, source, ChargeTo(user), CancellationToken.None));

    public Task<IReadOnlyList<Passage>> RecallAsync(RecallQuery query)
    {
        var others = query.AlsoScopes ?? [];
        if (others.FirstOrDefault(s => !MemoryScopes.IsValid(s)) is { } bad)
        {
            throw new ArgumentException($"'{bad}' is not a memory scope; use '{MemoryScopes.Tenant}', 'user:{{name}}' or 'conversation:{{id}}'.");
        }

        return recall.RecallAsync(Tenant, [Scope, .. others.Where(s => s != Scope).Distinct()], query, CancellationToken.None);
    }

    public async Task<bool> ForgetAsync(string documentId)
    {
        _queue.Remove(documentId);
        _embedded.Remove(documentId);
        return await ingestion.ForgetAsync(Tenant, Scope, documentId, CancellationToken.None);
    }

    public async Task<IngestionStatus?> GetDocumentAsync(string documentId) =>
        await store.GetDocumentAsync(Tenant, Scope, documentId) is { } document ? await StatusAsync(document) : null;

    public async Task<IReadOnlyList<IngestionStatus>> ListDocumentsAsync()
    {
        var statuses = new List<IngestionStatus>();
        foreach (var document in await store.ListDocumentsAsync(Tenant, Scope))
        {
            statuses.Add(await StatusAsync(document));
        }

        return statuses;
    }

    public Task SubscribeAsync(IMemoryObserver observer)
    {
        _watchers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task ReportSyncAsync(Integrations.IntegrationSyncProgress progress) => _watchers.Notify(w => w.OnSyncProgressAsync(progress));

    public Task UnsubscribeAsync(IMemoryObserver observer)
    {
        _watchers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation already resumed any unfinished ingestion; the reminder only has to outlive a crash until then.
        if (_queue.Count == 0 && await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<IngestionStatus> AcceptAsync((PreparedDocument Prepared, bool New) accepted)
    {
        var (prepared, isNew) = accepted;
        var document = prepared.Document;
        if (document.State == IngestionStates.Stored)
        {
            return new IngestionStatus(document.Id, document.Name, document.Kind, document.State, document.ChunkCount, 0, document.ChunkCount, isNew);
        }

        if (!_queue.ContainsKey(document.Id))
        {
            _queue[document.Id] = prepared;
            await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            StartWorker();
        }

        var status = new IngestionStatus(document.Id, document.Name, document.Kind, IngestionStates.Ingesting, prepared.Chunks.Count, 0, 0, isNew);
        await NotifyAsync(status);
        return status;
    }

    private void StartWorker()
    {
        _worker ??= this.RegisterGrainTimer(WorkAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        _worker.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    // One batch per tick, from the oldest queued documents on; the timer is re-armed while work remains.
    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        if (_queue.Count == 0)
        {
            return;
        }

        IReadOnlyList<IngestionStep> steps;
        try
        {
            steps = await ingestion.StepAsync(Tenant, Scope, [.. _queue.Values], cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left queued: the next tick (or the next activation) tries the batch again.
            logger.LogWarning(ex, "An ingestion batch in {Key} failed; retrying", this.GetPrimaryKeyString());
            _worker?.Change(TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
            return;
        }

        foreach (var step in steps)
        {
            var document = step.Prepared.Document;
            var embedded = _embedded[document.Id] = _embedded.GetValueOrDefault(document.Id) + step.Embedded;
            if (step.Done)
            {
                _queue.Remove(document.Id);
                _embedded.Remove(document.Id);
            }

            await NotifyAsync(new IngestionStatus(document.Id, document.Name, document.Kind,
                step.Done ? IngestionStates.Stored : IngestionStates.Ingesting, step.Prepared.Chunks.Count, embedded, step.Stored, true));
        }

        if (_queue.Count > 0)
        {
            _worker?.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Takes a new document's chunks from the user's and the tenant's chunks per month, before anything is written or embedded.</summary>
    private Func<int, Task> ChargeTo(string? user) => async chunks =>
    {
        var refusal = user is null
            ? await GrainFactory.GetGrain<ITenantGrain>(Tenant).SpendQuotaAsync(new QuotaSpend(null, QuotaMeter.Chunks, chunks, true, new Dictionary<string, long>(), QuotaLimits.None))
            : await GrainFactory.GetGrain<IUserGrain>(GrainKeys.Of(Tenant, user)).SpendQuotaAsync(QuotaMeter.Chunks, chunks, refuseOverLimit: true);
        if (refusal is not null)
        {
            throw new QuotaExceededException(refusal);
        }
    };

    private Task NotifyAsync(IngestionStatus status) =>
        _watchers.Notify(w => w.OnProgressAsync(new IngestionProgress(this.GetPrimaryKeyString(), status, _queue.Count)));

    private async Task<IngestionStatus> StatusAsync(MemoryDocument document)
    {
        var stored = document.State == IngestionStates.Stored
            ? document.ChunkCount
            : (await store.StoredChunkIdsAsync(Tenant, Scope, document.Id)).Count;
        return new IngestionStatus(document.Id, document.Name, document.Kind, document.State, document.ChunkCount, _embedded.GetValueOrDefault(document.Id), stored, false);
    }
}
