using System.Globalization;
using System.Text;

namespace Sophia.Integrations.Gong;

/// <summary>How a Gong call reads for memory and for the model: its header (title, date, URL, participants) and its transcript by speaker.</summary>
internal static class GongText
{
    public static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "date unknown";

    public static string? OrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static string Title(GongCall call) => OrNull(call.MetaData.Title) ?? $"Gong call {call.MetaData.Id}";

    /// <summary>Where the call lives in Gong's web app; the API gives it as <c>metaData.url</c>.</summary>
    public static string Url(GongCall call, Uri baseUrl) =>
        OrNull(call.MetaData.Url) ?? new Uri(baseUrl, $"call?id={Uri.EscapeDataString(call.MetaData.Id)}").ToString();

    public static async Task<string> PartiesAsync(GongCall call, GongUsers users, CancellationToken cancellationToken)
    {
        var parties = new List<string>();
        foreach (var party in call.Parties ?? [])
        {
            var name = await users.NameAsync(party, cancellationToken) ?? "someone unnamed";
            var email = OrNull(party.EmailAddress) is { } address && address != name ? $" <{address}>" : "";
            var affiliation = OrNull(party.Affiliation) is { } side ? $" ({side.ToLowerInvariant()})" : "";
            parties.Add(name + email + affiliation);
        }

        return parties.Count > 0 ? string.Join(", ", parties) : "not known";
    }

    public static string Duration(GongCall call) =>
        call.MetaData.Duration is { } seconds ? $"{Math.Max(1, (int)Math.Round(seconds / 60)).ToString(CultureInfo.InvariantCulture)} min" : "duration unknown";

    /// <summary>The transcript as one paragraph per monologue, "Speaker Name: sentences", under a heading where Gong's topic changes.</summary>
    public static string Transcript(GongCallTranscript transcript, IReadOnlyDictionary<string, string> speakers)
    {
        var text = new StringBuilder();
        string? topic = null;
        foreach (var monologue in transcript.Transcript ?? [])
        {
            var sentences = string.Join(' ', (monologue.Sentences ?? []).Select(s => OrNull(s.Text)).OfType<string>());
            if (sentences.Length == 0)
            {
                continue;
            }

            if (OrNull(monologue.Topic) is { } said && said != topic)
            {
                topic = said;
                text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {topic}").AppendLine();
            }

            var speaker = monologue.SpeakerId is { } id ? speakers.GetValueOrDefault(id) ?? $"Speaker {id}" : "Unknown speaker";
            text.AppendLine(CultureInfo.InvariantCulture, $"{speaker}: {sentences}").AppendLine();
        }

        return text.Length > 0 ? text.ToString().Trim() : "(Gong has no transcript text for this call.)";
    }
}
