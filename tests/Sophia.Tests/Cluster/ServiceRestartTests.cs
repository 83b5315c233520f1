using Sophia.Tests.Postgres;

namespace Sophia.Tests.Cluster;

public sealed class ServiceRestartTests
{
    private static async Task<TimeSpan> TimeUntilAsync(LocalCluster cluster, Func<(int Status, System.Text.Json.JsonElement Checks), bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = "";
        try
        {
            await Within.Wait(PollAsync(), what);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Last readiness: {last}\n{cluster.Describe()}");
        }

        return clock.Elapsed;

        async Task<int> PollAsync()
        {
            while (true)
            {
                var (status, _, checks) = await cluster.ReadinessAsync();
                last = $"{status} {checks}";
                if (condition((status, checks)))
                {
                    return 0;
                }

                await Task.Delay(100);
            }
        }
    }

    private static bool Is(System.Text.Json.JsonElement checks, string name, string status) =>
        checks.ValueKind == System.Text.Json.JsonValueKind.Object && checks.TryGetProperty(name, out var check) && check.GetProperty("status").GetString() == status;

    [Theory]
    [InlineData("redis")]
    [InlineData("postgres")]
    public async Task A_restart_under_load_is_reported_loses_no_acknowledged_message_and_heals_by_itself(string service)
    {
        var (stop, start) = service == "redis"
            ? ((Func<Task>)TestServices.StopRedisAsync, (Func<Task>)TestServices.StartRedisAsync)
            : (TestServices.StopPostgresAsync, TestServices.StartPostgresAsync);
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"]);
        await using var load = await ConversationUnderLoad.StartAsync(cluster, acknowledged: 10);
        var sender = load.Sender;

        TimeSpan reportedAfter;
        try
        {
            await stop();
            reportedAfter = await TimeUntilAsync(cluster, r => r.Status == 503 && Is(r.Checks, service, "down"), $"/readyz to report {service} down");
        }
        finally
        {
            await start();
        }

        var restartedAt = sender.Now;
        await TimeUntilAsync(cluster, r => r.Status == 200, "/readyz to be ready again");
        await Within.Wait(ClusterChat.UntilAsync(() => sender.Results.Any(r => r.SentAt > restartedAt && r.Seq is not null)), $"a send to succeed after {service} is back");
        var results = await load.StopAsync();

        var log = await load.LogAsync();
        Assert.All(results.Where(r => r.Seq is not null), r => Assert.Equal(r.Text, log.GetValueOrDefault(r.Seq!.Value)));
        Assert.Equal(log.Count, log.Values.Distinct().Count());
        Assert.True(reportedAfter < TimeSpan.FromSeconds(5), $"/readyz reported {service} down only after {reportedAfter.TotalSeconds:0.0} s");
    }
}
