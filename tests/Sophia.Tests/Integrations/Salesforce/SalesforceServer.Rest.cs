using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sophia.Tests.Integrations.Salesforce;

/// <summary>The REST resources under <c>/services/data/v62.0</c>: limits, query and its locators, sObject rows, updated and deleted.</summary>
public sealed partial class SalesforceServer
{
    private const string Version = "v62.0";
    private static readonly TimeSpan ReplicationDays = TimeSpan.FromDays(30);
    private readonly ConcurrentDictionary<string, IReadOnlyList<JsonObject>> _cursors = new();
    private int _failuresArmed;

    public SalesforceOrg Org => _org ??= new SalesforceOrg(Time);

    private SalesforceOrg? _org;

    /// <summary>Records per query page (Salesforce's default batch is 2,000; smaller here so tests page).</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>The next <paramref name="count"/> requests for a further query page fail with a 500, as an org under maintenance can.</summary>
    public void FailNextQueryPages(int count) => Interlocked.Exchange(ref _failuresArmed, count);

    private void MapRest(WebApplication app)
    {
        var data = app.MapGroup($"/services/data/{Version}");
        data.MapGet("/limits", () => Results.Json(new JsonObject
        {
            ["DailyApiRequests"] = new JsonObject { ["Max"] = ApiLimit, ["Remaining"] = Math.Max(0, ApiLimit - ApiUsed) },
        }));
        data.MapGet("/query", (string? q) => q is null ? Fail(400, "MALFORMED_QUERY", "A query string has to be specified") : Query(q));
        data.MapGet("/query/{locator}", QueryMore);
        data.MapGet("/sobjects/{type}/updated", (string type, string? start, string? end) => Replication(type, start, end, deleted: false));
        data.MapGet("/sobjects/{type}/deleted", (string type, string? start, string? end) => Replication(type, start, end, deleted: true));
        data.MapGet("/sobjects/{type}/{id}", (string type, string id) =>
            SalesforceOrg.TypeName(type) is not { } known ? Fail(404, "NOT_FOUND", "The requested resource does not exist")
            : Org.Find(known, id) is not { } record ? Fail(404, "NOT_FOUND", "The requested resource does not exist")
            : Results.Json(SalesforceSoql.Project(Org, known, record, record.Select(p => p.Key))));
        app.MapFallback(() => Fail(404, "NOT_FOUND", "The requested resource does not exist"));
    }

    private IResult Query(string soql)
    {
        try
        {
            var result = SalesforceSoql.Run(Org, soql);
            var locator = $"01g5g{Random(10)}";
            _cursors[locator] = result.Rows;
            return Page(locator, result.Rows, 0);
        }
        catch (SoqlException e)
        {
            return Fail(400, e.Code, e.Message);
        }
    }

    private IResult QueryMore(string locator)
    {
        if (Interlocked.Decrement(ref _failuresArmed) >= 0)
        {
            return Fail(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: 1234567-89012 (-1234567)");
        }

        var dash = locator.LastIndexOf('-');
        return dash > 0 && _cursors.TryGetValue(locator[..dash], out var rows) && int.TryParse(locator[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? Page(locator[..dash], rows, offset)
            : Fail(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    }

    private IResult Page(string locator, IReadOnlyList<JsonObject> rows, int offset)
    {
        var page = rows.Skip(offset).Take(PageSize).Select(r => r.DeepClone()).ToArray();
        var done = offset + PageSize >= rows.Count;
        var answer = new JsonObject { ["totalSize"] = rows.Count, ["done"] = done };
        if (!done)
        {
            answer["nextRecordsUrl"] = $"/services/data/{Version}/query/{locator}-{offset + PageSize}";
        }

        answer["records"] = new JsonArray(page);
        return Results.Json(answer);
    }

    // The replication resources ignore seconds, answer for at most the last 30 days, and say up to when they looked.
    private IResult Replication(string type, string? start, string? end, bool deleted)
    {
        if (SalesforceOrg.TypeName(type) is not { } known)
        {
            return Fail(404, "NOT_FOUND", "The requested resource does not exist");
        }

        if (!DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !DateTimeOffset.TryParse(end, CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            return Fail(400, "MALFORMED_QUERY", "start and end must be date-times in ISO 8601 format");
        }

        var now = Time.GetUtcNow();
        (from, to) = (Minute(from), Minute(to < now ? to : now));
        if (from < now - ReplicationDays || to < from)
        {
            return Fail(400, "INVALID_REPLICATION_DATE", "startDate must be within the last 30 days and before endDate");
        }

        var covered = SalesforceOrg.Stamp(to);
        if (deleted)
        {
            var gone = Org.Deleted(known).Where(d => d.DeletedAt >= from && d.DeletedAt < to)
                .Select(d => (JsonNode)new JsonObject { ["id"] = d.Id, ["deletedDate"] = SalesforceOrg.Stamp(d.DeletedAt) });
            return Results.Json(new JsonObject
            {
                ["deletedRecords"] = new JsonArray([.. gone]),
                ["earliestDateAvailable"] = SalesforceOrg.Stamp(now - TimeSpan.FromDays(15)),
                ["latestDateCovered"] = covered,
            });
        }

        var ids = Org.All(known).Where(r => SalesforceOrg.ParseStamp(r["SystemModstamp"]!.GetValue<string>()) is var stamp && stamp >= from && stamp < to)
            .Select(r => (JsonNode)JsonValue.Create(r["Id"]!.GetValue<string>()));
        return Results.Json(new JsonObject { ["ids"] = new JsonArray([.. ids]), ["latestDateCovered"] = covered });
    }

    private static DateTimeOffset Minute(DateTimeOffset time) =>
        new(time.UtcDateTime.Year, time.UtcDateTime.Month, time.UtcDateTime.Day, time.UtcDateTime.Hour, time.UtcDateTime.Minute, 0, TimeSpan.Zero);

    private static IResult Fail(int status, string code, string message) => Results.Json(RestError(code, message), statusCode: status);
}
