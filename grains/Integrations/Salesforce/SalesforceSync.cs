using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Salesforce;

/// <summary>
/// Brings the org's accounts, contacts, opportunities and cases into the tenant's memory, one document per record. The
/// first run pages a SOQL query by <c>nextRecordsUrl</c>; later runs ask the <c>updated</c> and <c>deleted</c>
/// replication resources for the window since the last one, fetch the changed records by id and forget the deleted ones.
/// The cursor is saved after each page, so a run that stopped goes on where it was.
/// </summary>
internal sealed class SalesforceSync(SalesforceApi api, SyncProgress progress, CancellationToken cancellationToken)
{
    private const int IdsPerQuery = 100;
    // The replication resources answer for the last 30 days; a sync idle for longer queries everything changed since.
    private static readonly TimeSpan ReplicationWindow = TimeSpan.FromDays(29);

    private IntegrationSession Session => api.Session;

    public async Task RunAsync()
    {
        var instance = await api.InstanceUrlAsync(cancellationToken);
        foreach (var type in SalesforceObject.Synced)
        {
            var cursor = SalesforceCursor.For(Session.State, type.Type);
            var records = SyncedRecords.In(Session, progress, type.Type);
            if (cursor.Through is { } through && through > Session.Time.GetUtcNow() - ReplicationWindow)
            {
                await ReplicateAsync(type, cursor, records, instance, through);
            }
            else
            {
                await QueryAsync(type, cursor, records, instance);
            }
        }
    }

    private async Task QueryAsync(SalesforceObject type, SalesforceCursor cursor, SyncedRecords records, string instance)
    {
        if (cursor.QueryStartedAt is null)
        {
            // Records changed while the query pages are read are in the next run's window.
            cursor.QueryStartedAt = Session.Time.GetUtcNow();
            cursor.Since ??= cursor.Through;
        }

        var path = cursor.NextRecordsUrl ?? QueryPath(type, cursor.Since);
        var read = 0;
        while (true)
        {
            EnsureBudget();
            JsonNode page;
            try
            {
                page = await api.GetAsync(path, $"querying the {type.Type} records", cancellationToken);
            }
            catch (SalesforceException e) when (e.Code == "INVALID_QUERY_LOCATOR" && cursor.NextRecordsUrl is not null)
            {
                // A locator lives 15 minutes: query again from the latest change written; the ledger skips what is in memory.
                cursor.NextRecordsUrl = null;
                path = QueryPath(type, cursor.Since);
                continue;
            }

            var batch = page["records"]?.AsArray() ?? [];
            read += batch.Count;
            await WriteAsync(type, cursor, records, instance, batch);
            progress.SetPending((page["totalSize"]?.GetValue<int>() ?? 0) - read);
            if (page["done"]?.GetValue<bool>() != false || page["nextRecordsUrl"]?.GetValue<string>() is not { } next)
            {
                cursor.QueryDone();
                await Session.SaveStateAsync();
                return;
            }

            cursor.NextRecordsUrl = next;
            await Session.SaveStateAsync();
            path = next;
        }
    }

    private async Task ReplicateAsync(SalesforceObject type, SalesforceCursor cursor, SyncedRecords records, string instance, DateTimeOffset start)
    {
        var window = $"start={Uri.EscapeDataString(SalesforceDates.Query(start))}&end={Uri.EscapeDataString(SalesforceDates.Query(Session.Time.GetUtcNow()))}";
        EnsureBudget();
        var updated = await api.GetAsync($"{SalesforceApi.DataPath}/sobjects/{type.Type}/updated/?{window}", $"listing the {type.Type} records changed since {start:u}", cancellationToken);
        var ids = updated["ids"]?.AsArray().Select(i => i!.GetValue<string>()).ToList() ?? [];
        for (var at = 0; at < ids.Count; at += IdsPerQuery)
        {
            EnsureBudget();
            var chunk = ids.Skip(at).Take(IdsPerQuery).Select(id => $"'{id.Replace("'", "", StringComparison.Ordinal)}'");
            var soql = $"SELECT {type.FieldList} FROM {type.Type} WHERE Id IN ({string.Join(",", chunk)})";
            var page = await api.GetAsync($"{SalesforceApi.DataPath}/query?q={Uri.EscapeDataString(soql)}", $"reading the changed {type.Type} records", cancellationToken);
            await WriteAsync(type, cursor, records, instance, page["records"]?.AsArray() ?? []);
            progress.SetPending(ids.Count - at - IdsPerQuery);
            await Session.SaveStateAsync();
        }

        EnsureBudget();
        var deleted = await api.GetAsync($"{SalesforceApi.DataPath}/sobjects/{type.Type}/deleted/?{window}", $"listing the {type.Type} records deleted since {start:u}", cancellationToken);
        foreach (var gone in deleted["deletedRecords"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            if (gone["id"]?.GetValue<string>() is { } id)
            {
                await records.ForgetAsync(id);
            }
        }

        var covered = new[] { updated, deleted }.Select(a => a["latestDateCovered"]?.GetValue<string>()).OfType<string>().Select(SalesforceDates.Parse).ToList();
        cursor.Through = covered.Count > 0 ? covered.Min() : start;
        await Session.SaveStateAsync();
    }

    private async Task WriteAsync(SalesforceObject type, SalesforceCursor cursor, SyncedRecords records, string instance, JsonArray batch)
    {
        foreach (var record in batch.OfType<JsonObject>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (SalesforceObject.Field(record, "Id") is not { } id || SalesforceObject.Field(record, "SystemModstamp") is not { } stamp)
            {
                progress.Fail();
                continue;
            }

            var modified = SalesforceDates.Parse(stamp);
            if (records.IsCurrent(id, modified))
            {
                progress.Looked();
            }
            else
            {
                await records.WriteAsync(new SyncedRecord(
                    id, SalesforceObject.RecordUrl(instance, type.Type, id), type.Type, type.Title(record), modified, type.Markdown(record)));
            }

            if (cursor.QueryStartedAt is not null && (cursor.Since is not { } since || modified > since))
            {
                cursor.Since = modified;
            }
        }
    }

    private void EnsureBudget()
    {
        if (api.Budget is { LeavesRoomForSync: false } budget)
        {
            throw new IntegrationRefusedException(
                $"The org has {budget.Remaining:N0} of its {budget.Limit:N0} Salesforce API requests left in the rolling 24 hours; the sync stops before the last {SalesforceBudget.SyncReserve:P0} to leave them to people and other integrations, and goes on from its checkpoint at the next run.");
        }
    }

    private static string QueryPath(SalesforceObject type, DateTimeOffset? since)
    {
        var where = since is { } from ? $" WHERE SystemModstamp >= {SalesforceDates.Soql(from)}" : "";
        return $"{SalesforceApi.DataPath}/query?q={Uri.EscapeDataString($"SELECT {type.FieldList} FROM {type.Type}{where} ORDER BY SystemModstamp")}";
    }
}
