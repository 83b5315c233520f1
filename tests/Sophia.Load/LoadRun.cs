using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sophia.Load;

/// <summary>
/// Drives a target through a ramp of stages: connects users as each stage needs more, then sends open-loop at the
/// stage's rate (a slow answer never lowers the rate), every <c>v1Every</c>th message over <c>/v1</c> instead (0: none).
/// </summary>
public sealed class LoadRun(ILoadTarget target, int v1Every)
{
    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(30);
    private readonly List<ILoadSession> _sessions = [];

    public async Task<IReadOnlyList<StageResult>> RunAsync(IReadOnlyList<LoadStage> stages)
    {
        var results = new List<StageResult>();
        try
        {
            foreach (var stage in stages)
            {
                results.Add(await RunStageAsync(stage));
                Console.WriteLine(results[^1]);
            }
        }
        finally
        {
            await Parallel.ForEachAsync(_sessions, async (s, _) => await s.DisposeAsync());
        }

        return results;
    }

    private async Task<StageResult> RunStageAsync(LoadStage stage)
    {
        var errors = new ConcurrentBag<string>();
        var connectStarted = Stopwatch.GetTimestamp();
        var connectRetries = await ConnectAsync(stage.Users, errors);
        var connectSeconds = Stopwatch.GetElapsedTime(connectStarted).TotalSeconds;

        var acks = new ConcurrentBag<double>();
        var turns = new ConcurrentBag<double>();
        var v1 = new ConcurrentBag<double>();
        var server = ProcessUsage.Start(target.ProcessIds);
        var generator = ProcessUsage.Start([Environment.ProcessId]);
        var inFlight = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        long lastDone = started;
        var sent = 0;
        while (Stopwatch.GetElapsedTime(started) < stage.Duration)
        {
            var due = (int)(Stopwatch.GetElapsedTime(started).TotalSeconds * stage.MessagesPerSecond);
            for (; sent < due; sent++)
            {
                var session = _sessions[sent % stage.Users];
                var number = sent;
                inFlight.Add(Task.Run(async () =>
                {
                    using var timeout = new CancellationTokenSource(TurnTimeout);
                    try
                    {
                        if (v1Every > 0 && number % v1Every == v1Every - 1)
                        {
                            v1.Add(await session.CompleteAsync($"message {number}", timeout.Token));
                        }
                        else
                        {
                            var timing = await session.SendAsync($"message {number}", timeout.Token);
                            acks.Add(timing.AckMs);
                            turns.Add(timing.TurnMs);
                        }

                        Interlocked.Exchange(ref lastDone, Stopwatch.GetTimestamp());
                    }
                    catch (Exception e)
                    {
                        errors.Add(e.Message);
                    }
                }));
            }

            await Task.Delay(2);
        }

        await Task.WhenAll(inFlight);
        var completed = turns.Count + v1.Count;
        var seconds = Math.Max(Stopwatch.GetElapsedTime(started, Interlocked.Read(ref lastDone)).TotalSeconds, stage.Duration.TotalSeconds);
        foreach (var error in errors.GroupBy(e => e).Take(3))
        {
            Console.WriteLine($"  {error.Count()}x {error.Key}");
        }

        return new StageResult(target.Name, stage, sent, completed, errors.Count, completed / seconds, Latency.Of(acks), Latency.Of(turns), Latency.Of(v1),
            connectSeconds, connectRetries, server.CpuPercent, server.ResidentMegabytes, generator.CpuPercent);
    }

    private async Task<int> ConnectAsync(int users, ConcurrentBag<string> errors)
    {
        var opened = new ConcurrentBag<ILoadSession>();
        var retries = 0;
        await Parallel.ForAsync(_sessions.Count, users, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (user, cancellationToken) =>
        {
            // A person's browser tries again when a connection fails; so does each simulated user, twice at most.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    opened.Add(await target.OpenSessionAsync(user, cancellationToken));
                    return;
                }
                catch (Exception e) when (attempt < 3)
                {
                    Interlocked.Increment(ref retries);
                    Console.WriteLine($"  connect of user {user} failed, trying again: {e.Message}");
                }
                catch (Exception e)
                {
                    errors.Add($"connect: {e.Message}");
                    return;
                }
            }
        });
        _sessions.AddRange(opened);
        if (_sessions.Count < users)
        {
            throw new InvalidOperationException($"Only {_sessions.Count} of {users} users could connect to {target.Name}: {errors.FirstOrDefault()}");
        }

        return retries;
    }
}
