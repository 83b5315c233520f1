using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Sophia.Chat;
using Sophia.Storage;
using Sophia.Storage.Postgres;
using Sophia.Tests.Infrastructure;
using Sophia.Tests.Postgres;

namespace Sophia.Benchmarks;

/// <summary>Cost of one durable append at message 10 and at message 10,000 of one conversation.</summary>
public static class AppendCostBenchmark
{
    private const int Length = 10_000;
    private const int Window = 20;

    public static async Task<int> RunAsync()
    {
        await using (var database = await PostgresTestDatabase.CreateAsync())
        await using (var dataSource = database.CreateDataSource())
        {
            await MeasureAsync("PostgreSQL", new PostgresMessageLog(dataSource));
        }

        using var folder = new TempFolder();
        await MeasureAsync("SQLite", new SqliteMessageLog(SqliteDatabase.Open(Path.Combine(folder.Path, "sophia.db"))));
        SqliteConnection.ClearAllPools();
        return 0;
    }

    private static async Task MeasureAsync(string name, IMessageLog log)
    {
        for (var seq = 1; seq <= 200; seq++)
        {
            await AppendAsync(log, "bench/warmup", seq);
        }

        var latencies = new double[Length + 1];
        for (var seq = 1; seq <= Length; seq++)
        {
            latencies[seq] = await AppendAsync(log, "bench/long", seq);
        }

        var early = Percentiles.Of(latencies[1..(Window + 1)], 50);
        var late = Percentiles.Of(latencies[(Length - Window + 1)..], 50);
        Console.WriteLine($"{name}: median append around message 10 {early:0.000} ms, around message 10,000 {late:0.000} ms, ratio {late / early:0.00}");
    }

    private static async Task<double> AppendAsync(IMessageLog log, string conversation, long seq)
    {
        var started = Stopwatch.GetTimestamp();
        await log.AppendAsync(conversation, [new ChatEvent(seq, ChatEventTypes.Message, ChatRoles.User, $"message {seq}", DateTimeOffset.UtcNow)]);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
