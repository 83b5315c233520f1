using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.HubSpot;

/// <summary>
/// Brings the account's companies, contacts, deals, tickets and notes into the tenant's memory: each type searched by
/// its last-modified time from its checkpoint, oldest change first, 200 a page, each record one document naming its
/// associated records; then the archived records of each type are taken out of memory.
/// </summary>
internal sealed class HubSpotSync(HubSpotClient client, SyncProgress progress, CancellationToken cancellationToken)
{
    private const int PageSize = 200;
    private const int ArchivedPageSize = 100;

    /// <summary>HubSpot's search returns at most 10,000 results for one query; a page past them is a 400.</summary>
    private const int SearchResultCap = 10_000;

    private IntegrationSession Session => client.Session;

    public async Task RunAsync()
    {
        var portal = await HubSpotPortal.GetAsync(client, cancellationToken);
        foreach (var type in HubSpotObjectType.All)
        {
            var ledger = SyncedRecords.In(Session, progress, type.Name);
            await SearchChangedAsync(type, portal, ledger);
            await ForgetArchivedAsync(type, ledger);
        }
    }

    private async Task SearchChangedAsync(HubSpotObjectType type, HubSpotPortal portal, SyncedRecords ledger)
    {
        var cursor = HubSpotCursor.Of(Session, type);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            JsonObject page;
            try
            {
                page = await client.SearchAsync(type, Query(type, cursor), cancellationToken);
            }
            catch (HubSpotApiException past) when (past.Status == HttpStatusCode.BadRequest && cursor.After is not null)
            {
                cursor = cursor.Restart();
                await cursor.SaveAsync(Session, type);
                continue;
            }

            var records = (page["results"]?.AsArray() ?? []).Select(r => HubSpotRecord.Parse(type, r!)).ToList();
            var changed = records.Where(r => !ledger.IsCurrent(r.Id, r.UpdatedAt)).ToList();
            var associated = await HubSpotAssociations.ReadAsync(client, type, changed.Select(r => r.Id).ToList(), cancellationToken);
            foreach (var record in records)
            {
                if (associated.TryGetValue(record.Id, out var links))
                {
                    await WriteAsync(ledger, record, portal, links);
                }
                else
                {
                    progress.Looked();
                }

                cursor = cursor.Saw(record.UpdatedAt);
            }

            var next = page["paging"]?["next"]?["after"]?.ToString();
            var offset = int.TryParse(cursor.After, NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? at : 0;
            progress.SetPending((page["total"]?.GetValue<int>() ?? 0) - offset - records.Count);
            cursor = next is null ? cursor.Finished()
                : int.TryParse(next, NumberStyles.None, CultureInfo.InvariantCulture, out var nextOffset) && nextOffset >= SearchResultCap ? cursor.Restart()
                : cursor with { After = next };
            await cursor.SaveAsync(Session, type);
            if (next is null)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(SyncedRecords ledger, HubSpotRecord record, HubSpotPortal portal, List<HubSpotAssociated> associated)
    {
        try
        {
            await ledger.WriteAsync(new SyncedRecord(record.Id, record.Url(portal, associated), record.Type.DocumentType, record.Title, record.UpdatedAt,
                record.Markdown(portal, associated)));
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            progress.Fail();
        }
    }

    /// <summary>Search never returns archived records: the archived listing says which synced ones were deleted.</summary>
    private async Task ForgetArchivedAsync(HubSpotObjectType type, SyncedRecords ledger)
    {
        if (ledger.Count == 0)
        {
            return;
        }

        string? after = null;
        do
        {
            var page = await client.GetAsync(
                $"crm/v3/objects/{type.Name}?archived=true&limit={ArchivedPageSize}&properties={type.ModifiedProperty}{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}",
                $"listing the archived {type.Name}", cancellationToken);
            foreach (var archived in page["results"]?.AsArray() ?? [])
            {
                if (archived?["id"]?.ToString() is { } id)
                {
                    await ledger.ForgetAsync(id);
                }
            }

            after = page["paging"]?["next"]?["after"]?.ToString();
        }
        while (after is not null);
        await Session.SaveStateAsync();
    }

    private static JsonObject Query(HubSpotObjectType type, HubSpotCursor cursor)
    {
        var query = new JsonObject
        {
            ["filterGroups"] = new JsonArray(new JsonObject
            {
                ["filters"] = new JsonArray(new JsonObject
                {
                    ["propertyName"] = type.ModifiedProperty,
                    ["operator"] = "GTE",
                    ["value"] = cursor.Since.ToString(CultureInfo.InvariantCulture),
                }),
            }),
            ["sorts"] = new JsonArray(new JsonObject { ["propertyName"] = type.ModifiedProperty, ["direction"] = "ASCENDING" }),
            ["properties"] = new JsonArray([.. type.Read.Select(p => JsonValue.Create(p))]),
            ["limit"] = PageSize,
        };
        if (cursor.After is not null)
        {
            query["after"] = cursor.After;
        }

        return query;
    }
}
