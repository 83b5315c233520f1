using System.Text.Json;
using Sophia.Tests.Cluster;
using Xunit.Abstractions;

namespace Sophia.Tests.Load;

/// <summary>
/// CI's perf smoke: a short run of the load generator against embedded Sophia and the bare echo hub in the same run.
/// It compares ratios, never absolute times, so a slower machine does not fail it and a slower Sophia does.
/// </summary>
public sealed class PerfSmokeTests(ITestOutputHelper output)
{
    // Measured on 2 cores at 200 messages a second (README, "Load"): throughput 0.99-1.00x, turn p99 31-85x the echo
    // hub's. The limits leave room for a noisy machine and catch a collapse (at 400 a second, p99 was past 1,300x).
    private const double LeastThroughputRatio = 0.95;
    private const double MostTurnP99Ratio = 400;

    [Fact]
    public async Task Sophia_keeps_up_with_the_offered_rate_and_its_tail_stays_within_a_ratio_of_the_echo_hubs()
    {
        using var folder = new TempFolder();
        var report = Path.Combine(folder.Path, "smoke.json");
        await using var generator = SophiaProcess.Start("load generator", RepoPaths.LoadGeneratorDll, new Dictionary<string, string>(), "smoke", "--report", report);
        await generator.WaitForExitAsync(TimeSpan.FromMinutes(5));
        output.WriteLine(generator.Output);
        Assert.True(generator.ExitCode == 0, $"the load generator exited with {generator.ExitCode}:\n{generator.Output}");

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
        var busiest = json.RootElement.GetProperty("comparisons").EnumerateArray().Last();
        Assert.Equal(0, busiest.GetProperty("SophiaErrors").GetInt32());
        Assert.True(busiest.GetProperty("ThroughputRatio").GetDouble() >= LeastThroughputRatio, $"Sophia fell behind the offered rate: {busiest}");
        Assert.True(busiest.GetProperty("TurnP99Ratio").GetDouble() <= MostTurnP99Ratio, $"Sophia's turn p99 grew past {MostTurnP99Ratio}x the echo hub's: {busiest}");
    }
}
