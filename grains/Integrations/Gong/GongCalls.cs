using System.Text.Json.Nodes;

namespace Sophia.Integrations.Gong;

/// <summary>The call endpoints the integration reads: transcripts by date or id, and calls' metadata with their parties.</summary>
internal static class GongCalls
{
    /// <summary>Call ids asked for in one <c>/v2/calls/extensive</c> request; a transcript page holds no more than this.</summary>
    public const int IdsPerRequest = 100;

    public static JsonObject DateFilter(DateTimeOffset? from, DateTimeOffset? to)
    {
        var filter = new JsonObject();
        if (from is { } start)
        {
            filter["fromDateTime"] = GongText.Iso(start);
        }

        if (to is { } end)
        {
            filter["toDateTime"] = GongText.Iso(end);
        }

        return filter;
    }

    public static JsonObject IdFilter(IEnumerable<string> callIds) =>
        new() { ["callIds"] = new JsonArray([.. callIds.Select(id => JsonValue.Create(id))]) };

    /// <summary>One page of <c>POST /v2/calls/transcript</c>; the cursor goes in the body, beside the unchanged filter.</summary>
    public static Task<GongTranscriptPage> TranscriptPageAsync(GongApi api, JsonObject filter, string? cursor, string what, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["filter"] = filter.DeepClone() };
        if (cursor is not null)
        {
            body["cursor"] = cursor;
        }

        return api.PostAsync<GongTranscriptPage>("v2/calls/transcript", body, what, cancellationToken);
    }

    /// <summary>
    /// The calls matching <paramref name="filter"/> from <c>POST /v2/calls/extensive</c> with their metadata and parties, up
    /// to <paramref name="maxPages"/> pages; none when Gong finds none (its 404).
    /// </summary>
    public static async Task<List<GongCall>> ExtensiveAsync(GongApi api, JsonObject filter, string what, CancellationToken cancellationToken, int maxPages = int.MaxValue)
    {
        var calls = new List<GongCall>();
        string? cursor = null;
        for (var page = 0; page < maxPages; page++)
        {
            var body = new JsonObject
            {
                ["filter"] = filter.DeepClone(),
                ["contentSelector"] = new JsonObject { ["context"] = "None", ["exposedFields"] = new JsonObject { ["parties"] = true } },
            };
            if (cursor is not null)
            {
                body["cursor"] = cursor;
            }

            GongCallsPage answer;
            try
            {
                answer = await api.PostAsync<GongCallsPage>("v2/calls/extensive", body, what, cancellationToken);
            }
            catch (GongApiException e) when (e.NoCallsFound)
            {
                break;
            }

            calls.AddRange(answer.Calls ?? []);
            cursor = answer.Records?.Cursor;
            if (cursor is null)
            {
                break;
            }
        }

        return calls;
    }

    /// <summary>The metadata and parties of the calls with these ids, by id.</summary>
    public static async Task<Dictionary<string, GongCall>> ByIdAsync(GongApi api, IReadOnlyList<string> callIds, string what, CancellationToken cancellationToken)
    {
        var calls = new Dictionary<string, GongCall>(StringComparer.Ordinal);
        foreach (var chunk in callIds.Chunk(IdsPerRequest))
        {
            foreach (var call in await ExtensiveAsync(api, IdFilter(chunk), what, cancellationToken))
            {
                calls[call.MetaData.Id] = call;
            }
        }

        return calls;
    }
}
