using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Chat;

namespace Sophia.Load;

/// <summary>A signed-in user on the official SignalR client: one conversation, watched, sent to; and <c>/v1</c> beside it.</summary>
public sealed class SophiaSession : ILoadSession
{
    private readonly HubConnection _hub;
    private readonly HttpClient _http;
    private readonly string _token;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string>> _ends = new();
    private readonly CancellationTokenSource _stop = new();
    private string _conversation = "";
    private Task _watch = Task.CompletedTask;

    private SophiaSession(HubConnection hub, HttpClient http, string token) => (_hub, _http, _token) = (hub, http, token);

    public static async Task<SophiaSession> OpenAsync(HttpClient http, string token, CancellationToken cancellationToken)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(http.BaseAddress!, "/hubs/chat"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                SharedNegotiation.Configure(o);
            })
            .Build();
        var session = new SophiaSession(hub, http, token);
        try
        {
            await hub.StartAsync(cancellationToken);
            session._conversation = await hub.InvokeAsync<string>("CreateConversation", "load", cancellationToken);
            session._watch = session.WatchAsync();
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async Task<TurnTiming> SendAsync(string text, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var turn = await _hub.InvokeAsync<long>("SendMessage", _conversation, text, cancellationToken);
        var acknowledged = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            var end = await EndOf(turn).Task.WaitAsync(cancellationToken);
            return end == ChatEventTypes.Done
                ? new TurnTiming(acknowledged, Stopwatch.GetElapsedTime(started).TotalMilliseconds)
                : throw new InvalidOperationException($"turn {turn} ended with an error event");
        }
        finally
        {
            _ends.TryRemove(turn, out _);
        }
    }

    public async Task<double> CompleteAsync(string text, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = "sophia", messages = new[] { new { role = "user", content = text } } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await _http.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? Stopwatch.GetElapsedTime(started).TotalMilliseconds
            : throw new HttpRequestException($"/v1/chat/completions answered {(int)response.StatusCode}");
    }

    // Done can arrive before SendMessage's answer does: whichever comes first makes the entry.
    private TaskCompletionSource<string> EndOf(long turn) =>
        _ends.GetOrAdd(turn, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task WatchAsync()
    {
        try
        {
            await foreach (var e in _hub.StreamAsync<ChatEvent>("Watch", _conversation, 0L, _stop.Token))
            {
                if (e.Type is ChatEventTypes.Done or ChatEventTypes.Error)
                {
                    EndOf(e.Turn).TrySetResult(e.Type);
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _hub.DisposeAsync();
        await _watch.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
