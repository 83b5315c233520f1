using System.Diagnostics;
using Sophia.Tests.Cluster;

namespace Sophia.Tests.Telemetry;

public sealed class AlertRuleTests
{
    [Theory]
    [InlineData("promtool", "check rules infra/prometheus/sophia-alerts.yml")]
    [InlineData("promtool", "check config infra/prometheus/prometheus.yml")]
    [InlineData("amtool", "check-config infra/prometheus/alertmanager.yml")]
    public async Task The_shipped_alert_rules_and_example_configs_pass_their_checker(string tool, string arguments)
    {
        var start = new ProcessStartInfo(tool, arguments) { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"{tool} {arguments} failed:\n{output}");
    }
}
