using System.Text.Json;

namespace Sophia.Load;

/// <summary>Runs the same ramp against Sophia and against the bare echo hub, and reports each figure with its ratio.</summary>
public static class LoadCommand
{
    private const string Ramp = "80:8:15,1000:100:15,10000:1000:30";
    private const string Smoke = "40:50:10,40:200:10";

    public static int Usage()
    {
        Console.Error.WriteLine("""
            usage: dotnet run -c Release --project tests/Sophia.Load -- run [--cluster] [--stages users:perSecond:seconds,...] [--accounts N] [--v1-every N] [--report FILE]
                   dotnet run -c Release --project tests/Sophia.Load -- smoke [--report FILE]
                   dotnet run -c Release --project tests/Sophia.Load -- idle [conversations]
            run's default ramp is 80:8:15,1000:100:15,10000:1000:30; --cluster needs infra/local/services.sh start and its env.
            """);
        return 2;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var smoke = args[0] == "smoke";
        var stages = Option(args, "--stages", smoke ? Smoke : Ramp).Split(',').Select(LoadStage.Parse).ToList();
        var accounts = int.Parse(Option(args, "--accounts", smoke ? "4" : "20"));
        var v1Every = int.Parse(Option(args, "--v1-every", "10"));
        var cluster = args.Contains("--cluster");

        IReadOnlyList<StageResult> sophia;
        await using (var target = await SophiaTarget.StartAsync(cluster, accounts))
        {
            sophia = await new LoadRun(target, v1Every).RunAsync(stages);
        }

        IReadOnlyList<StageResult> echo;
        await using (var target = await EchoTarget.StartAsync())
        {
            echo = await new LoadRun(target, v1Every).RunAsync(stages);
        }

        var comparisons = sophia.Zip(echo, StageComparison.Of).ToList();
        Console.WriteLine();
        foreach (var comparison in comparisons)
        {
            Console.WriteLine(comparison);
        }

        if (Option(args, "--report", "") is { Length: > 0 } report)
        {
            await File.WriteAllTextAsync(report, JsonSerializer.Serialize(new { sophia, echo, comparisons }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        }

        return 0;
    }

    private static string Option(string[] args, string name, string fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

/// <summary>One stage on Sophia against the same stage on the echo hub.</summary>
public sealed record StageComparison(string Stage, double ThroughputRatio, double TurnP50Ratio, double TurnP99Ratio, double AckP99Ratio, int SophiaErrors)
{
    public static StageComparison Of(StageResult sophia, StageResult echo) =>
        new(sophia.Stage.ToString(), sophia.AchievedPerSecond / echo.AchievedPerSecond, sophia.Turn.P50 / echo.Turn.P50, sophia.Turn.P99 / echo.Turn.P99,
            sophia.Ack.P99 / echo.Ack.P99, sophia.Errors);

    public override string ToString() =>
        $"{Stage}: throughput {ThroughputRatio:0.00}x the echo hub's, turn p50 {TurnP50Ratio:0.0}x, turn p99 {TurnP99Ratio:0.0}x, ack p99 {AckP99Ratio:0.0}x, errors {SophiaErrors}";
}
