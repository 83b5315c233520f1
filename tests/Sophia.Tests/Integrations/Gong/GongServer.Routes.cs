using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sophia.Tests.Integrations.Gong;

/// <summary>The endpoints: <c>POST /v2/calls/transcript</c>, <c>POST /v2/calls/extensive</c> and <c>GET /v2/users</c>.</summary>
public sealed partial class GongServer
{
    private const string NoCallsFound = "No calls found corresponding to the provided filters";

    private void MapRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/calls/transcript", context => ListCallsAsync(context, "callTranscripts", TranscriptJson, countsAsTranscriptPage: true));
        app.MapPost("/v2/calls/extensive", context => ListCallsAsync(context, "calls", ExtensiveJson, countsAsTranscriptPage: false));
        app.MapGet("/v2/users", async context =>
        {
            var users = Data.Users.Values.OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
            if (!TryOffset(context, context.Request.Query["cursor"].FirstOrDefault(), "users", out var offset))
            {
                await WriteErrorAsync(context, 400, (string)context.Items["cursorError"]!);
                return;
            }

            var page = users.Skip(offset).Take(PageSize).ToList();
            await WriteAsync(context, 200, new JsonObject
            {
                ["records"] = Records(users.Count, page.Count, offset, "users"),
                ["users"] = new JsonArray([.. page.Select(u => (JsonNode)new JsonObject
                {
                    ["id"] = u.Id,
                    ["emailAddress"] = u.Email,
                    ["created"] = "2024-01-15T09:00:00Z",
                    ["active"] = true,
                    ["firstName"] = u.FirstName,
                    ["lastName"] = u.LastName,
                    ["title"] = "Account Executive",
                })]),
            });
        });
    }

    private async Task ListCallsAsync(HttpContext context, string listName, Func<GongCallData, JsonObject, JsonObject> json, bool countsAsTranscriptPage)
    {
        JsonObject body;
        try
        {
            body = JsonNode.Parse(await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync()) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            await WriteErrorAsync(context, 400, "Malformed request body");
            return;
        }

        if (body["filter"] is not JsonObject filter)
        {
            await WriteErrorAsync(context, 400, "filter is required");
            return;
        }

        if (!TryMatch(filter, out var matched, out var problem))
        {
            await WriteErrorAsync(context, 400, problem);
            return;
        }

        if (matched.Count == 0)
        {
            await WriteErrorAsync(context, 404, NoCallsFound);
            return;
        }

        var filterKey = $"{context.Request.Path}:{filter.ToJsonString()}";
        if (!TryOffset(context, body["cursor"]?.GetValue<string>(), filterKey, out var offset))
        {
            await WriteErrorAsync(context, 400, (string)context.Items["cursorError"]!);
            return;
        }

        if (countsAsTranscriptPage && FailTranscriptPagesAfter is { } served && offset / PageSize >= served)
        {
            await WriteErrorAsync(context, 500, "Internal server error");
            return;
        }

        var page = matched.Skip(offset).Take(PageSize).ToList();
        var selector = body["contentSelector"] as JsonObject ?? [];
        await WriteAsync(context, 200, new JsonObject
        {
            ["records"] = Records(matched.Count, page.Count, offset, filterKey),
            [listName] = new JsonArray([.. page.Select(c => (JsonNode)json(c, selector))]),
        });
        if (countsAsTranscriptPage && Interlocked.Decrement(ref _transcriptPagesBeforeExpiry) == 0)
        {
            ExpireCursors();
        }
    }

    // Gong's filter: fromDateTime inclusive, toDateTime exclusive, both on the call's start; callIds narrows further.
    private bool TryMatch(JsonObject filter, out List<GongCallData> matched, out string problem)
    {
        matched = [];
        problem = "";
        DateTimeOffset? from = null, to = null;
        foreach (var (name, value) in new[] { ("fromDateTime", filter["fromDateTime"]), ("toDateTime", filter["toDateTime"]) })
        {
            if (value is null)
            {
                continue;
            }

            if (!DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                problem = $"{name} must be in ISO-8601 format";
                return false;
            }

            if (name == "fromDateTime")
            {
                from = time;
            }
            else
            {
                to = time;
            }
        }

        var ids = filter["callIds"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) : null;
        matched = [.. Data.Calls.Values
            .Where(c => (from is null || c.Started >= from) && (to is null || c.Started < to) && (ids is null || ids.Contains(c.Id)))
            .OrderBy(c => c.Started).ThenBy(c => c.Id, StringComparer.Ordinal)];
        return true;
    }

    private JsonObject Records(int total, int pageSize, int offset, string filterKey)
    {
        var records = new JsonObject
        {
            ["totalRecords"] = total,
            ["currentPageSize"] = pageSize,
            ["currentPageNumber"] = offset / PageSize,
        };
        if (offset + pageSize < total)
        {
            records["cursor"] = Cursor(offset + pageSize, filterKey);
        }

        return records;
    }

    // A cursor carries the next offset, the request it belongs to and when it was issued, so it can expire.
    private string Cursor(int offset, string filterKey)
    {
        var claims = new JsonObject { ["offset"] = offset, ["request"] = filterKey, ["issued"] = Time.GetUtcNow().UtcTicks };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(claims.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private bool TryOffset(HttpContext context, string? cursor, string filterKey, out int offset)
    {
        offset = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        JsonObject? claims = null;
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            claims = JsonNode.Parse(Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='))) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
        }

        context.Items["cursorError"] = claims switch
        {
            null => "cursor is invalid",
            _ when claims["request"]?.GetValue<string>() != filterKey => "cursor does not match the request: all other request inputs must remain the same",
            _ when claims["issued"]!.GetValue<long>() < Interlocked.Read(ref _cursorsValidFrom) => "cursor has expired",
            _ => null,
        };
        offset = claims?["offset"]?.GetValue<int>() ?? 0;
        return context.Items["cursorError"] is null;
    }

    private static JsonObject TranscriptJson(GongCallData call, JsonObject selector)
    {
        var offset = 0L;
        return new JsonObject
        {
            ["callId"] = call.Id,
            ["transcript"] = new JsonArray([.. call.Transcript.Select(m => (JsonNode)new JsonObject
            {
                ["speakerId"] = m.SpeakerId,
                ["topic"] = m.Topic,
                ["sentences"] = new JsonArray([.. m.Sentences.Select(s => (JsonNode)new JsonObject { ["start"] = offset, ["end"] = offset += 4000, ["text"] = s })]),
            })]),
        };
    }

    private static JsonObject ExtensiveJson(GongCallData call, JsonObject selector)
    {
        var json = new JsonObject
        {
            ["metaData"] = new JsonObject
            {
                ["id"] = call.Id,
                ["url"] = call.Url,
                ["title"] = call.Title,
                ["scheduled"] = call.Started.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
                ["started"] = call.Started.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
                ["duration"] = call.DurationSeconds,
                ["primaryUserId"] = call.Parties.FirstOrDefault(p => p.UserId is not null)?.UserId,
                ["direction"] = "Conference",
                ["system"] = "Zoom",
                ["scope"] = call.Parties.Any(p => p.Affiliation == "External") ? "External" : "Internal",
                ["media"] = "Video",
                ["language"] = "eng",
                ["isPrivate"] = false,
            },
        };
        if (selector["exposedFields"]?["parties"]?.GetValue<bool>() == true)
        {
            json["parties"] = new JsonArray([.. call.Parties.Select(p => (JsonNode)new JsonObject
            {
                ["id"] = p.Id,
                ["emailAddress"] = p.Email,
                ["name"] = p.Name,
                ["userId"] = p.UserId,
                ["speakerId"] = p.SpeakerId,
                ["affiliation"] = p.Affiliation,
                ["methods"] = new JsonArray("Invitee", "Attendee"),
            })]);
        }

        return json;
    }
}
