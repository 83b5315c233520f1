using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Chat;
using Sophia.Tests.Cluster;
using Sophia.Tests.Infrastructure;
using Sophia.Tests.Postgres;

namespace Sophia.Benchmarks;

/// <summary>
/// Chat turn overhead at a fixed message rate: SignalR in, durable append, the mediator with an instant local model,
/// events out, measured from the SendMessage call to the turn's done event. Baseline: a bare SignalR echo hub, same load.
/// </summary>
public static class TurnOverheadBenchmark
{
    private const int Conversations = 20;
    private const int MessagesPerSecond = 20;
    private const int Warmup = 60;
    private const int Measured = 400;

    /// <param name="cluster">Run Sophia as a cluster (one silo and one gateway process on Redis and PostgreSQL) instead of embedded.</param>
    public static async Task<int> RunAsync(bool cluster)
    {
        await using var model = await OpenAiCompatibleServer.StartAsync();
        for (var i = 0; i < Warmup + Measured + 10; i++)
        {
            model.Enqueue(new ScriptedReply { Tokens = ["ok"], TokenDelay = TimeSpan.Zero });
        }

        await using var echo = await EchoServer.StartAsync();
        var turns = cluster ? await MeasureClusterAsync(model) : await MeasureEmbeddedAsync(model);
        var echoes = await MeasureEchoAsync(echo);
        Report($"sophia turn, {(cluster ? "cluster" : "embedded")} profile (send -> done)", turns);
        Report("bare SignalR echo", echoes);
        Console.WriteLine($"ratio p50: {Percentiles.Of(turns, 50) / Percentiles.Of(echoes, 50):0.0}x, p99: {Percentiles.Of(turns, 99) / Percentiles.Of(echoes, 99):0.0}x");
        return 0;
    }

    private static async Task<List<double>> MeasureEmbeddedAsync(OpenAiCompatibleServer model)
    {
        using var data = new TempFolder();
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings());
        await using var hub = await sophia.ConnectAsync(await sophia.TokenAsync());
        return await MeasureSophiaAsync(hub);
    }

    private static async Task<List<double>> MeasureClusterAsync(OpenAiCompatibleServer model)
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var environment = model.SophiaSettings().ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"], environment);
        await using var hub = await LocalCluster.ConnectHubAsync(cluster.Http, await cluster.TokenAsync());
        return await MeasureSophiaAsync(hub);
    }

    private static async Task<List<double>> MeasureSophiaAsync(HubConnection hub)
    {
        var started = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        var ids = new List<string>();
        using var stop = new CancellationTokenSource();
        var watchers = new List<Task>();
        for (var i = 0; i < Conversations; i++)
        {
            var id = await hub.InvokeAsync<string>("CreateConversation", $"bench {i}");
            ids.Add(id);
            watchers.Add(Task.Run(async () =>
            {
                await foreach (var e in hub.StreamAsync<ChatEvent>("Watch", id, 0L, stop.Token))
                {
                    if (e.Type == ChatEventTypes.Done && started.TryRemove(id, out var at))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                    }
                }
            }));
        }

        await RunAtFixedRateAsync(Warmup + Measured, i =>
        {
            var id = ids[i % ids.Count];
            started[id] = Stopwatch.GetTimestamp();
            return hub.InvokeAsync<long>("SendMessage", id, $"message {i}");
        });
        await WaitUntilAsync(() => latencies.Count >= Warmup + Measured, "every turn to finish");
        await stop.CancelAsync();
        return latencies.Skip(Warmup).ToList();
    }

    private static async Task<List<double>> MeasureEchoAsync(EchoServer echo)
    {
        await using var hub = new HubConnectionBuilder().WithUrl($"{echo.Url}/hubs/echo").Build();
        var started = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        hub.On<string, string>("echo", (key, _) =>
        {
            if (started.TryRemove(key, out var at))
            {
                latencies.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            }
        });
        await hub.StartAsync();
        await RunAtFixedRateAsync(Warmup + Measured, i =>
        {
            var key = $"k{i}";
            started[key] = Stopwatch.GetTimestamp();
            return hub.InvokeAsync("Echo", key, $"message {i}");
        });
        await WaitUntilAsync(() => latencies.Count >= Warmup + Measured, "every echo");
        return latencies.Skip(Warmup).ToList();
    }

    /// <summary>Starts one call per tick without waiting for earlier ones, so slow answers do not lower the rate.</summary>
    private static async Task RunAtFixedRateAsync(int count, Func<int, Task> call)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / MessagesPerSecond));
        var calls = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            calls.Add(call(i));
            await timer.WaitForNextTickAsync();
        }

        await Task.WhenAll(calls);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(20);
        }
    }

    private static void Report(string name, IReadOnlyList<double> milliseconds) =>
        Console.WriteLine($"{name}: n={milliseconds.Count} at {MessagesPerSecond}/s, p50 {Percentiles.Of(milliseconds, 50):0.00} ms, p99 {Percentiles.Of(milliseconds, 99):0.00} ms");
}
