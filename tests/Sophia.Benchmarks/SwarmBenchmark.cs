using Sophia.Tenancy;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Agents;
using Sophia.Chat;
using Sophia.Tests.Infrastructure;

namespace Sophia.Benchmarks;

/// <summary>
/// Two figures for the swarm, embedded profile. (1) Throughput of the grain call agents make to each other
/// (<c>RunStepAsync</c> with a real request and outcome) against a bare two-hop grain call (a grain asking a grain) and a bare ping grain, same caller, same concurrency.
/// (2) The swarm's overhead per plan step with an instant local model: plans of 1 and 8 steps, send -> done.
/// </summary>
public static class SwarmBenchmark
{
    private const int Concurrency = 32;
    private const int CallsPerRound = 20_000;
    private const int Turns = 30;

    public static async Task<int> RunAsync()
    {
        await using var model = await OpenAiCompatibleServer.StartAsync();
        using var data = new TempFolder();
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings(("Sophia:RateLimits:Enabled", "false")));
        // The calls a mediator makes carry the signed-in caller, whose tenant the grain keys name.
        using (CallerContext.Enter(new CallerIdentity("bench", "admin")))
        {
            await MeasureCallThroughputAsync(sophia.Grains);
        }

        await MeasureStepOverheadAsync(sophia, model);
        return 0;
    }

    private static async Task MeasureCallThroughputAsync(IGrainFactory grains)
    {
        var earlier = Enumerable.Range(1, 3).Select(n => new StepOutcome(n, "researcher", new string('x', 400), true, null)).ToList();
        // A step naming a tool the agent lacks is answered by the agent itself, without I/O: what is left is the call.
        var request = new StepRequest(1, "Benchmark the swarm", new PlanStep(4, "coder", "nothing", "no_such_tool", ""), earlier);
        Func<int, Task> agentCall = i => grains.GetGrain<ICoderAgentGrain>($"bench/c{i % Concurrency}").RunStepAsync(request);
        Func<int, Task> pingCall = i => grains.GetGrain<IPingGrain>($"bench/c{i % Concurrency}").PingAsync(i);
        Func<int, Task> relayCall = i => grains.GetGrain<IRelayGrain>($"bench/c{i % Concurrency}").RelayAsync(i);
        await CallsPerSecondAsync(agentCall);
        await CallsPerSecondAsync(pingCall);
        await CallsPerSecondAsync(relayCall);

        var agent = await CallsPerSecondAsync(agentCall);
        var ping = await CallsPerSecondAsync(pingCall);
        var relay = await CallsPerSecondAsync(relayCall);
        Console.WriteLine($"agent-to-agent RunStep calls: {agent:0} /s; bare two-hop grain call: {relay:0} /s, ratio {agent / relay:0.00}; bare one-hop ping: {ping:0} /s, ratio {agent / ping:0.00} ({Concurrency} concurrent callers, {CallsPerRound} calls)");
    }

    private static async Task<double> CallsPerSecondAsync(Func<int, Task> call)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < CallsPerRound; i = Interlocked.Increment(ref next))
            {
                await call(i);
            }
        }));
        return CallsPerRound / clock.Elapsed.TotalSeconds;
    }

    private static async Task MeasureStepOverheadAsync(SophiaServer sophia, OpenAiCompatibleServer model)
    {
        await using var hub = await sophia.ConnectAsync(await sophia.TokenAsync());
        await PlanTurnsAsync(hub, model, steps: 1, Turns / 3);
        var one = await PlanTurnsAsync(hub, model, steps: 1, Turns);
        var eight = await PlanTurnsAsync(hub, model, steps: 8, Turns);
        var modelCall = await ModelCallAsync(model);
        var perStep = (Percentiles.Of(eight, 50) - Percentiles.Of(one, 50)) / 7;
        Console.WriteLine($"plan turn, 1 step: p50 {Percentiles.Of(one, 50):0.00} ms, p99 {Percentiles.Of(one, 99):0.00} ms; 8 steps: p50 {Percentiles.Of(eight, 50):0.00} ms, p99 {Percentiles.Of(eight, 99):0.00} ms");
        Console.WriteLine($"per step (p50 difference / 7): {perStep:0.00} ms, of which the instant model's HTTP call is {modelCall:0.00} ms: swarm overhead {perStep - modelCall:0.00} ms per step");
    }

    private static async Task<List<double>> PlanTurnsAsync(HubConnection hub, OpenAiCompatibleServer model, int steps, int turns)
    {
        var plan = string.Join(",", Enumerable.Range(1, steps).Select(n => $$"""{"agent":"{{(n % 2 == 0 ? "coder" : "researcher")}}","task":"part {{n}}"}"""));
        var durations = new List<double>();
        for (var t = 0; t < turns; t++)
        {
            model.Enqueue(Instant($$"""{"steps":[{{plan}}]}"""));
            for (var n = 0; n < steps; n++)
            {
                model.Enqueue(Instant($"finding {n}"));
            }

            model.Enqueue(Instant("answer"));
            var id = await hub.InvokeAsync<string>("CreateConversation", "bench");
            var started = Stopwatch.GetTimestamp();
            await hub.InvokeAsync<long>("SendMessage", id, "/plan measure the swarm");
            await foreach (var e in hub.StreamAsync<ChatEvent>("Watch", id, 0L))
            {
                if (e.Type is ChatEventTypes.Done or ChatEventTypes.Error)
                {
                    durations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    break;
                }
            }
        }

        return durations;
    }

    /// <summary>Median of one streamed call to the instant model, as a specialist makes it.</summary>
    private static async Task<double> ModelCallAsync(OpenAiCompatibleServer model)
    {
        var client = new OpenAI.Chat.ChatClient(OpenAiCompatibleServer.Model, new System.ClientModel.ApiKeyCredential(OpenAiCompatibleServer.ApiKey),
            new OpenAI.OpenAIClientOptions { Endpoint = new Uri(model.Endpoint) });
        var durations = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            model.Enqueue(Instant("finding"));
            var started = Stopwatch.GetTimestamp();
            await foreach (var _ in client.CompleteChatStreamingAsync("go"))
            {
            }

            durations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Percentiles.Of(durations.Skip(10).ToList(), 50);
    }

    private static ScriptedReply Instant(string text) => new() { Tokens = [text], TokenDelay = TimeSpan.Zero };
}
