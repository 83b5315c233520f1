using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sophia.Integrations.Gong;

/// <summary>What the Gong tools do: search calls with <c>/v2/calls/extensive</c>, read one call's transcript.</summary>
internal static class GongToolCalls
{
    private const int MaxSearchPages = 5;
    private const int MaxResults = 20;
    private const int MaxTranscriptChars = 40_000;
    private static readonly TimeSpan DefaultSearchSpan = TimeSpan.FromDays(90);

    public static async Task<string> SearchAsync(GongApi api, JsonObject arguments, CancellationToken cancellationToken)
    {
        var query = Text(arguments, "query");
        var email = Text(arguments, "participantEmail");
        var from = Time(arguments, "fromDate", endOfDay: false);
        var to = Time(arguments, "toDate", endOfDay: true);
        if (query is null && email is null && from is null && to is null)
        {
            throw new IntegrationRefusedException($"{GongTools.SearchCalls} needs 'query', 'participantEmail', 'fromDate' or 'toDate'.");
        }

        var end = to ?? api.Session.Time.GetUtcNow();
        var start = from ?? end - DefaultSearchSpan;
        if (start >= end)
        {
            throw new IntegrationRefusedException($"'fromDate' ({GongText.Iso(start)}) must come before 'toDate' ({GongText.Iso(end)}).");
        }

        var calls = await GongCalls.ExtensiveAsync(api, GongCalls.DateFilter(start, end), $"searching calls from {GongText.Iso(start)} to {GongText.Iso(end)}", cancellationToken, MaxSearchPages);
        var words = query?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var users = new GongUsers(api);
        var matches = calls
            .Where(c => email is null || (c.Parties ?? []).Any(p => string.Equals(p.EmailAddress, email, StringComparison.OrdinalIgnoreCase)))
            .Where(c => words.All(w => Searchable(c).Contains(w, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(c => c.MetaData.Started ?? c.MetaData.Scheduled)
            .Take(MaxResults)
            .ToList();
        if (matches.Count == 0)
        {
            return $"Gong has no call from {GongText.Date(start)} to {GongText.Date(end)} matching{(query is null ? "" : $" \"{query}\"")}{(email is null ? "" : $" with {email}")}.";
        }

        var text = new StringBuilder();
        for (var i = 0; i < matches.Count; i++)
        {
            var call = matches[i];
            text.AppendLine(CultureInfo.InvariantCulture, $"[{i + 1}] {GongText.Title(call)} — {GongText.Date(call.MetaData.Started ?? call.MetaData.Scheduled)} — {GongText.Url(call, api.Settings.BaseUrl)}")
                .AppendLine(CultureInfo.InvariantCulture, $"    callId {call.MetaData.Id}, {GongText.Duration(call)}; participants: {await GongText.PartiesAsync(call, users, cancellationToken)}");
        }

        return text.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Read a call with {GongTools.CallTranscript} and its callId. Cite a call you use as [n] with its URL.")
            .ToString();
    }

    public static async Task<string> TranscriptAsync(GongApi api, JsonObject arguments, CancellationToken cancellationToken)
    {
        var callId = Text(arguments, "callId") ?? throw new IntegrationRefusedException($"{GongTools.CallTranscript} needs 'callId', the call's Gong id.");
        if (callId.Length > 20 || !callId.All(char.IsAsciiDigit))
        {
            throw new IntegrationRefusedException($"'callId' must be Gong's numeric call id (up to 20 digits), as {GongTools.SearchCalls} lists it; '{callId}' is not one.");
        }

        var filter = GongCalls.IdFilter([callId]);
        var call = (await GongCalls.ExtensiveAsync(api, filter, $"reading call {callId}", cancellationToken)).FirstOrDefault()
            ?? throw new IntegrationRefusedException($"Gong has no call {callId} that the access key may read.");
        GongCallTranscript? transcript;
        try
        {
            transcript = (await GongCalls.TranscriptPageAsync(api, filter, null, $"reading the transcript of call {callId}", cancellationToken)).CallTranscripts?.FirstOrDefault();
        }
        catch (GongApiException e) when (e.NoCallsFound)
        {
            transcript = null;
        }

        var users = new GongUsers(api);
        var url = GongText.Url(call, api.Settings.BaseUrl);
        var body = transcript is null
            ? "(Gong has no transcript for this call yet.)"
            : GongText.Transcript(transcript, await users.SpeakersAsync(call, cancellationToken));
        if (body.Length > MaxTranscriptChars)
        {
            body = body[..MaxTranscriptChars] + $"\n\n(The transcript goes on; the rest is in Gong at {url}.)";
        }

        return new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# {GongText.Title(call)}")
            .AppendLine(CultureInfo.InvariantCulture, $"{GongText.Date(call.MetaData.Started ?? call.MetaData.Scheduled)}, {GongText.Duration(call)} — {url}")
            .AppendLine(CultureInfo.InvariantCulture, $"Participants: {await GongText.PartiesAsync(call, users, cancellationToken)}")
            .AppendLine()
            .AppendLine(body)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Cite this call with its URL: {url}")
            .ToString();
    }

    private static string Searchable(GongCall call) =>
        string.Join(' ', [call.MetaData.Title, .. (call.Parties ?? []).SelectMany(p => new[] { p.Name, p.EmailAddress, p.Title })]);

    private static string? Text(JsonObject arguments, string name) => arguments[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => GongText.OrNull(text),
        _ => throw new IntegrationRefusedException($"'{name}' must be a string."),
    };

    // A bare day means all of it: from its first moment, or up to the next day's (Gong's toDateTime is exclusive).
    private static DateTimeOffset? Time(JsonObject arguments, string name, bool endOfDay)
    {
        if (Text(arguments, name) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(endOfDay ? 1 : 0);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new IntegrationRefusedException($"'{name}' must be a day (YYYY-MM-DD) or an ISO-8601 time such as 2026-11-30T14:00:00Z; '{text}' is neither.");
    }
}
