using System.Diagnostics;

namespace Sophia.Tests.Cluster;

/// <summary>The real Redis and PostgreSQL that infra/local/services.sh runs, and the means to stop and start them.</summary>
public static class TestServices
{
    public static string Redis => Required("SOPHIA_TEST_REDIS");

    public static string Postgres => Required("SOPHIA_TEST_POSTGRES");

    public static Task StopRedisAsync() => RunAsync("stop-redis");

    public static Task StartRedisAsync() => RunAsync("start-redis");

    public static Task StopPostgresAsync() => RunAsync("stop-postgres");

    public static Task StartPostgresAsync() => RunAsync("start-postgres");

    private static async Task RunAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo(Required("SOPHIA_TEST_SERVICES_SCRIPT"), command) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"services.sh {command} failed: {error}");
        }
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the tests with tests/run-all.sh, or `infra/local/services.sh start` and `eval \"$(infra/local/services.sh env)\"` first.");
}
