using System.Globalization;
using System.Text.Json.Nodes;

namespace Sophia.Integrations.Gong;

/// <summary>
/// Where the sync stands, inside the integration's persisted state: the start of the next run's date window, and while a
/// run is under way its window, the cursor of the page to read next and how many calls it has seen.
/// </summary>
internal sealed class GongCheckpoint(JsonObject sync)
{
    // A call recorded just before a run may get its transcript after it; the next run looks this far back again.
    public static readonly TimeSpan Lookback = TimeSpan.FromHours(6);

    public static GongCheckpoint In(JsonObject state) =>
        new(state["sync"] as JsonObject ?? (JsonObject)(state["sync"] = new JsonObject()));

    /// <summary>The next run's <c>fromDateTime</c>; none before the first run, which reads from the earliest call.</summary>
    public DateTimeOffset? NextFrom
    {
        get => Time("from");
        private set => Set("from", value);
    }

    public DateTimeOffset? RunFrom
    {
        get => Time("runFrom");
        private set => Set("runFrom", value);
    }

    /// <summary>The <c>toDateTime</c> of the run under way; none between runs.</summary>
    public DateTimeOffset? RunTo
    {
        get => Time("runTo");
        private set => Set("runTo", value);
    }

    public string? Cursor
    {
        get => sync["cursor"]?.GetValue<string>();
        set => sync["cursor"] = value;
    }

    public int Seen
    {
        get => sync["seen"]?.GetValue<int>() ?? 0;
        set => sync["seen"] = value;
    }

    public bool Running => RunTo is not null;

    /// <summary>Opens a run from where the last one ended up to <paramref name="now"/>.</summary>
    public void Begin(DateTimeOffset now)
    {
        (RunFrom, RunTo) = (NextFrom, now);
        Restart();
    }

    /// <summary>Reads the run's window again from its first page (its cursor is no longer taken).</summary>
    public void Restart()
    {
        Cursor = null;
        Seen = 0;
    }

    public void Finish()
    {
        NextFrom = RunTo - Lookback is { } from && (RunFrom is not { } start || from > start) ? from : RunFrom;
        (RunFrom, RunTo) = (null, null);
        Restart();
    }

    private DateTimeOffset? Time(string name) =>
        DateTimeOffset.TryParse(sync[name]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private void Set(string name, DateTimeOffset? value) => sync[name] = value is { } time ? GongText.Iso(time) : null;
}
