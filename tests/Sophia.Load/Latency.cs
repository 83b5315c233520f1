namespace Sophia.Load;

/// <summary>Percentiles of measured durations in ms.</summary>
public sealed record Latency(int Count, double P50, double P90, double P99, double Max)
{
    public static Latency Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? new Latency(0, double.NaN, double.NaN, double.NaN, double.NaN)
            : new Latency(sorted.Length, At(sorted, 50), At(sorted, 90), At(sorted, 99), sorted[^1]);
    }

    private static double At(double[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    public override string ToString() => Count == 0 ? "-" : $"p50 {P50:0.0} p90 {P90:0.0} p99 {P99:0.0} max {Max:0} ms";
}
