namespace Sophia.Ops;

/// <summary>
/// The operations series in memory: per-minute turn durations and errors, GPU spend per pool (the last sample of each
/// minute) and token usage per user and model, for a sliding window.
/// </summary>
public sealed class OpsSeries(TimeSpan window, DateTimeOffset since)
{
    /// <summary>Enough samples a minute for a stable 95th percentile; beyond it every other turn is still counted.</summary>
    private const int DurationsPerMinute = 2_000;
    private const int UsageKeys = 10_000;

    private readonly SortedDictionary<DateTimeOffset, Minute> _turns = [];
    private readonly Dictionary<string, List<GpuSpendSample>> _spend = new(StringComparer.Ordinal);
    private readonly Dictionary<(string User, string Model), long[]> _usage = [];

    public void Add(TurnSample turn)
    {
        var minute = MinuteOf(turn.At);
        if (!_turns.TryGetValue(minute, out var bucket))
        {
            _turns[minute] = bucket = new Minute();
        }

        bucket.Turns++;
        bucket.Errors += turn.Failed ? 1 : 0;
        if (bucket.Durations.Count < DurationsPerMinute)
        {
            bucket.Durations.Add(turn.DurationMs);
        }

        var key = (turn.User, turn.Model ?? "");
        if (_usage.TryGetValue(key, out var counts) || _usage.Count < UsageKeys)
        {
            counts ??= _usage[key] = new long[3];
            counts[0]++;
            counts[1] += turn.InputTokens;
            counts[2] += turn.OutputTokens;
        }

        Prune(turn.At);
    }

    public void Add(GpuSpendSample spend)
    {
        if (!_spend.TryGetValue(spend.Region, out var samples))
        {
            _spend[spend.Region] = samples = [];
        }

        if (samples.Count > 0 && MinuteOf(samples[^1].At) == MinuteOf(spend.At))
        {
            samples[^1] = spend;
        }
        else
        {
            samples.Add(spend);
        }

        Prune(spend.At);
    }

    public OpsMetrics Read(DateTimeOffset now)
    {
        Prune(now);
        return new OpsMetrics(
            since,
            window,
            _turns.Select(t => new TurnMinute(t.Key, t.Value.Turns, t.Value.Errors, Percentile(t.Value.Durations, 0.5), Percentile(t.Value.Durations, 0.95))).ToList(),
            _spend.Values.SelectMany(s => s).OrderBy(s => s.At).ToList(),
            _usage.Select(u => new ModelUsage(u.Key.User, u.Key.Model, u.Value[0], u.Value[1], u.Value[2]))
                .OrderByDescending(u => u.InputTokens + u.OutputTokens).ThenBy(u => u.User, StringComparer.Ordinal).ToList());
    }

    private void Prune(DateTimeOffset now)
    {
        var oldest = now - window;
        foreach (var minute in _turns.Keys.TakeWhile(m => m < oldest).ToList())
        {
            _turns.Remove(minute);
        }

        foreach (var samples in _spend.Values)
        {
            samples.RemoveAll(s => s.At < oldest);
        }
    }

    private static DateTimeOffset MinuteOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>Nearest-rank percentile: the smallest duration at least <paramref name="p"/> of the turns did not exceed.</summary>
    private static double Percentile(List<double> durations, double p)
    {
        if (durations.Count == 0)
        {
            return 0;
        }

        var sorted = durations.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private sealed class Minute
    {
        public int Turns { get; set; }

        public int Errors { get; set; }

        public List<double> Durations { get; } = [];
    }
}
