namespace Sophia.Tests.Security;

/// <summary>
/// What every test of the suite logged (the test run's console, where each embedded server logs, and every cluster
/// process's log) holds none of the credentials the tests gave Sophia. The README test command runs the suite with its
/// output captured, then this test over it.
/// </summary>
[Trait("Category", Category)]
public sealed class SuiteLogTests
{
    public const string Category = "SuiteLogs";
    public const string LogVariable = "SOPHIA_SUITE_LOG_DIR";

    [Fact]
    public void Captured_logs_of_the_whole_suite_hold_no_credential()
    {
        var folder = Environment.GetEnvironmentVariable(LogVariable);
        Assert.True(folder is { Length: > 0 } && Directory.Exists(folder),
            $"{LogVariable} names no folder of captured logs: tests/run-all.sh runs the suite, then this test over its logs.");
        var logs = Directory.EnumerateFiles(folder!, "*", SearchOption.AllDirectories).ToList();
        Assert.True(logs.Sum(f => new FileInfo(f).Length) > 100_000, $"The captured logs in {folder} are too small to be the whole suite's.");

        var leaks = (from log in logs
                     from line in File.ReadLines(log).Select((text, number) => (text, number))
                     from secret in TestSecrets.All
                     where line.text.Contains(secret.Value, StringComparison.Ordinal)
                     select $"{Path.GetFileName(log)}:{line.number + 1} holds {secret.Name}").Take(20).ToList();
        Assert.True(leaks.Count == 0, "Credentials reached a log:\n" + string.Join("\n", leaks));
    }
}
