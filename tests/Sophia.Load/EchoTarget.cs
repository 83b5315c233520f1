using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tests.Cluster;
using Sophia.Tests.Infrastructure;

namespace Sophia.Load;

/// <summary>The bare echo hub in a process of its own, loaded exactly as Sophia is.</summary>
public sealed class EchoTarget : ILoadTarget
{
    private readonly SophiaProcess _process;
    private readonly HttpClient _http;

    private EchoTarget(SophiaProcess process, HttpClient http) => (_process, _http) = (process, http);

    public string Name => "echo hub";

    public IReadOnlyList<int> ProcessIds => [_process.Id];

    public static async Task<EchoTarget> StartAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var process = SophiaProcess.Start("echo hub", typeof(EchoTarget).Assembly.Location, new Dictionary<string, string>(), "echo-hub", url);
        var http = new HttpClient { BaseAddress = new Uri(url) };
        await LocalCluster.WaitUntilAsync(async () => (await http.GetAsync("/healthz")).IsSuccessStatusCode, "the echo hub to listen", process);
        return new EchoTarget(process, http);
    }

    public async Task<ILoadSession> OpenSessionAsync(int user, CancellationToken cancellationToken)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_http.BaseAddress!, "/hubs/echo"), SharedNegotiation.Configure)
            .Build();
        var session = new Session(hub, _http);
        hub.On<string, string>("echo", (key, _) => session.Answered(key));
        await hub.StartAsync(cancellationToken);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }

    private sealed class Session(HubConnection hub, HttpClient http) : ILoadSession
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();
        private long _next;

        public void Answered(string key)
        {
            if (_waiting.TryRemove(key, out var answer))
            {
                answer.TrySetResult();
            }
        }

        public async Task<TurnTiming> SendAsync(string text, CancellationToken cancellationToken)
        {
            var key = Interlocked.Increment(ref _next).ToString();
            var answer = _waiting[key] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = Stopwatch.GetTimestamp();
            await hub.InvokeAsync("Echo", key, text, cancellationToken);
            var acknowledged = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await answer.Task.WaitAsync(cancellationToken);
            return new TurnTiming(acknowledged, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        public async Task<double> CompleteAsync(string text, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/v1/chat/completions", new { model = "echo", messages = new[] { new { role = "user", content = text } } }, cancellationToken);
            response.EnsureSuccessStatusCode();
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        public ValueTask DisposeAsync() => hub.DisposeAsync();
    }
}
