using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Sophia.Tests.Integrations.HubSpot;

/// <summary>The CRM endpoints, at the paths and with the limits HubSpot's reference gives.</summary>
public sealed partial class HubSpotServer
{
    private const int MaxSearchPage = 200;
    private const int MaxListPage = 100;
    private const int MaxBatchRead = 100;
    private const int MaxAssociationBatch = 1000;

    private void MapCrm(WebApplication app)
    {
        app.MapGet("/account-info/v3/details", (HttpContext c) => WriteAsync(c, 200, new JsonObject
        {
            ["portalId"] = PortalId, ["accountType"] = "STANDARD", ["timeZone"] = "Europe/Berlin", ["companyCurrency"] = "EUR",
            ["additionalCurrencies"] = new JsonArray(), ["utcOffset"] = "+01:00", ["utcOffsetMilliseconds"] = 3_600_000,
            ["uiDomain"] = "app-eu1.hubspot.com", ["dataHostingLocation"] = "eu1",
        }));
        app.MapPost("/crm/v3/objects/{type}/search", (HttpContext c, string type) => WithType(c, type, () => SearchAsync(c, type)));
        app.MapGet("/crm/v3/objects/{type}", (HttpContext c, string type) => WithType(c, type, () => ListAsync(c, type)));
        app.MapGet("/crm/v3/objects/{type}/{id}", (HttpContext c, string type, string id) => WithType(c, type, () =>
            long.TryParse(id, out var number) && Data.Find(type, number) is { ArchivedAt: null } record
                ? WriteAsync(c, 200, Json(record, Requested(c.Request.Query["properties"])))
                : WriteAsync(c, 404, Error($"Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND"))));
        app.MapPost("/crm/v3/objects/{type}/batch/read", (HttpContext c, string type) => WithType(c, type, () => BatchReadAsync(c, type)));
        app.MapPost("/crm/v4/associations/{from}/{to}/batch/read", (HttpContext c, string from, string to) =>
            WithType(c, from, () => WithType(c, to, () => AssociationsAsync(c, from, to))));
    }

    private async Task SearchAsync(HttpContext context, string type)
    {
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject ?? [];
        var limit = body["limit"]?.GetValue<int>() ?? 10;
        var after = int.TryParse(body["after"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) ? offset : 0;
        if (limit is < 1 or > MaxSearchPage)
        {
            await WriteAsync(context, 400, Error($"Limit must be between 1 and {MaxSearchPage}; got {limit}.", "VALIDATION_ERROR"));
            return;
        }

        if (after >= SearchResultCap)
        {
            await WriteAsync(context, 400, Error($"Search results are limited to {SearchResultCap:N0} for one query; page {after} is past them.", "VALIDATION_ERROR"));
            return;
        }

        var matches = Data.All(type).Where(r => r.ArchivedAt is null && HubSpotSearchFilters.Match(r, body)).ToList();
        if (body["sorts"]?.AsArray().FirstOrDefault() is { } sort)
        {
            var property = sort is JsonValue ? sort.GetValue<string>() : sort["propertyName"]!.GetValue<string>();
            var ordered = matches.OrderBy(r => HubSpotSearchFilters.SortKey(r, property), StringComparer.Ordinal).ThenBy(r => r.Id);
            matches = sort["direction"]?.GetValue<string>() == "DESCENDING" ? [.. matches.OrderByDescending(r => HubSpotSearchFilters.SortKey(r, property), StringComparer.Ordinal).ThenBy(r => r.Id)] : [.. ordered];
        }

        var page = matches.Skip(after).Take(Math.Min(limit, SearchResultCap - after)).ToList();
        var answer = new JsonObject
        {
            ["total"] = matches.Count,
            ["results"] = new JsonArray([.. page.Select(r => (JsonNode)Json(r, Requested(body["properties"])))]),
        };
        if (after + page.Count < matches.Count)
        {
            answer["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = (after + page.Count).ToString(CultureInfo.InvariantCulture) } };
        }

        await WriteAsync(context, 200, answer);
    }

    private Task ListAsync(HttpContext context, string type)
    {
        var query = context.Request.Query;
        var archived = query["archived"] == "true";
        var limit = Math.Clamp(int.TryParse(query["limit"], out var size) ? size : 10, 1, MaxListPage);
        var after = long.TryParse(query["after"], out var cursor) ? cursor : 0;
        var records = Data.All(type).Where(r => (r.ArchivedAt is not null) == archived && r.Id >= after).Take(limit + 1).ToList();
        var answer = new JsonObject { ["results"] = new JsonArray([.. records.Take(limit).Select(r => (JsonNode)Json(r, Requested(query["properties"])))]) };
        if (records.Count > limit)
        {
            var next = records[limit].Id.ToString(CultureInfo.InvariantCulture);
            answer["paging"] = new JsonObject { ["next"] = new JsonObject { ["after"] = next, ["link"] = $"{BaseUrl}crm/v3/objects/{type}?after={next}" } };
        }

        return WriteAsync(context, 200, answer);
    }

    private async Task BatchReadAsync(HttpContext context, string type)
    {
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject ?? [];
        var inputs = body["inputs"]?.AsArray().Select(i => i?["id"]?.ToString()).ToList() ?? [];
        if (inputs.Count > MaxBatchRead)
        {
            await WriteAsync(context, 400, Error($"Batch read takes at most {MaxBatchRead} inputs; got {inputs.Count}.", "VALIDATION_ERROR"));
            return;
        }

        var found = inputs.Select(id => long.TryParse(id, out var n) ? Data.Find(type, n) : null).OfType<HubSpotCrmRecord>().Where(r => r.ArchivedAt is null).ToList();
        await WriteAsync(context, found.Count == inputs.Count ? 200 : 207, Batch(found.Select(r => (JsonNode)Json(r, Requested(body["properties"]))), inputs.Count - found.Count, "OBJECT_NOT_FOUND"));
    }

    private async Task AssociationsAsync(HttpContext context, string from, string to)
    {
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject ?? [];
        var inputs = body["inputs"]?.AsArray().Select(i => i?["id"]?.ToString()).OfType<string>().ToList() ?? [];
        if (inputs.Count > MaxAssociationBatch)
        {
            await WriteAsync(context, 400, Error($"Association batch reads take at most {MaxAssociationBatch} inputs; got {inputs.Count}.", "VALIDATION_ERROR"));
            return;
        }

        var results = inputs.Select(id => (Id: id, To: long.TryParse(id, out var n) ? Data.Associated(from, n, to) : [])).Where(r => r.To.Count > 0).ToList();
        var json = results.Select(r => (JsonNode)new JsonObject
        {
            ["from"] = new JsonObject { ["id"] = r.Id },
            ["to"] = new JsonArray([.. r.To.Select(id => (JsonNode)new JsonObject
            {
                ["toObjectId"] = id,
                ["associationTypes"] = new JsonArray(new JsonObject { ["category"] = "HUBSPOT_DEFINED", ["typeId"] = 1, ["label"] = null }),
            })]),
        });
        await WriteAsync(context, results.Count == inputs.Count ? 200 : 207, Batch(json, inputs.Count - results.Count, "crm.associations.NO_ASSOCIATIONS_FOUND"));
    }

    private static JsonObject Batch(IEnumerable<JsonNode> results, int missing, string category)
    {
        var now = HubSpotCrmData.Iso(DateTimeOffset.UtcNow);
        var batch = new JsonObject { ["status"] = "COMPLETE", ["results"] = new JsonArray([.. results]), ["startedAt"] = now, ["completedAt"] = now };
        if (missing > 0)
        {
            batch["numErrors"] = missing;
            batch["errors"] = new JsonArray(new JsonObject { ["status"] = "error", ["category"] = category, ["message"] = $"{missing} input(s) had nothing to return." });
        }

        return batch;
    }

    /// <summary>A record as the API returns it: the requested properties (and the ones HubSpot always adds), its times, archived or not.</summary>
    private static JsonObject Json(HubSpotCrmRecord record, IReadOnlyCollection<string> requested)
    {
        var always = new[] { "hs_object_id", "createdate", HubSpotCrmData.ModifiedProperty[record.Type] };
        var properties = new JsonObject();
        foreach (var name in requested.Concat(always).Distinct())
        {
            properties[name] = record.Properties.TryGetValue(name, out var value) ? value : null;
        }

        var json = new JsonObject
        {
            ["id"] = record.Id.ToString(CultureInfo.InvariantCulture),
            ["properties"] = properties,
            ["createdAt"] = HubSpotCrmData.Iso(record.CreatedAt),
            ["updatedAt"] = HubSpotCrmData.Iso(record.UpdatedAt),
            ["archived"] = record.ArchivedAt is not null,
        };
        if (record.ArchivedAt is { } at)
        {
            json["archivedAt"] = HubSpotCrmData.Iso(at);
        }

        return json;
    }

    private static List<string> Requested(JsonNode? properties) => properties?.AsArray().Select(p => p!.GetValue<string>()).ToList() ?? [];

    private static List<string> Requested(Microsoft.Extensions.Primitives.StringValues properties) =>
        [.. properties.SelectMany(p => (p ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static Task WithType(HttpContext context, string type, Func<Task> then) =>
        HubSpotCrmData.ModifiedProperty.ContainsKey(type) ? then() : WriteAsync(context, 400, Error($"Unable to infer object type from: {type}", "VALIDATION_ERROR"));
}
