using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sophia.Tests.Cluster;

/// <summary>One send of the load: what was sent, when, and the acknowledged seq if there was one.</summary>
public sealed record SendResult(string Text, TimeSpan SentAt, TimeSpan DoneAt, long? Seq, string? Error);

/// <summary>Sends a message at a fixed interval through the gateway's REST API without waiting for earlier sends.</summary>
public sealed class MessageSender(HttpClient http, string token, string conversationId)
{
    private readonly ConcurrentBag<SendResult> _results = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<SendResult> Results => _results.OrderBy(r => r.SentAt).ToList();

    public async Task RunAsync(TimeSpan interval, CancellationToken stop)
    {
        var inFlight = new List<Task>();
        var next = 0;
        using var timer = new PeriodicTimer(interval);
        while (!stop.IsCancellationRequested)
        {
            inFlight.Add(SendOneAsync($"message {next++}"));
            try
            {
                await timer.WaitForNextTickAsync(stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task SendOneAsync(string text)
    {
        var sentAt = Now;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversationId}/messages") { Content = JsonContent.Create(new { text }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var response = await http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync();
            _results.Add(response.IsSuccessStatusCode
                ? new SendResult(text, sentAt, Now, JsonDocument.Parse(body).RootElement.GetProperty("seq").GetInt64(), null)
                : new SendResult(text, sentAt, Now, null, $"{(int)response.StatusCode} {body}"));
        }
        catch (Exception ex)
        {
            _results.Add(new SendResult(text, sentAt, Now, null, ex.GetType().Name));
        }
    }
}
