using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sophia.Tests.Cluster;

/// <summary>REST helpers for talking to a cluster's gateway the way a client program would.</summary>
public static class ClusterChat
{
    public static async Task<string> CreateConversationAsync(HttpClient http, string token)
    {
        using var request = Authorized(HttpMethod.Post, "/api/conversations", token);
        request.Content = JsonContent.Create(new { title = "cluster test" });
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Sends one message; returns its acknowledged seq, or null when the send failed.</summary>
    public static async Task<long?> TrySendAsync(HttpClient http, string token, string conversationId, string text)
    {
        using var request = Authorized(HttpMethod.Post, $"/api/conversations/{conversationId}/messages", token);
        request.Content = JsonContent.Create(new { text });
        try
        {
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64() : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Every user message in the log, by seq, read page by page.</summary>
    public static async Task<Dictionary<long, string>> UserMessagesAsync(HttpClient http, string token, string conversationId)
    {
        var messages = new Dictionary<long, string>();
        var after = 0L;
        while (true)
        {
            using var request = Authorized(HttpMethod.Get, $"/api/conversations/{conversationId}/messages?after={after}", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var page = (await response.Content.ReadFromJsonAsync<List<ChatEvent>>(JsonSerializerOptions.Web))!;
            if (page.Count == 0)
            {
                return messages;
            }

            foreach (var message in page.Where(m => m.Role == ChatRoles.User))
            {
                Assert.True(messages.TryAdd(message.Seq, message.Text), $"seq {message.Seq} appears twice in the log");
            }

            after = page[^1].Seq;
        }
    }

    /// <summary>Polls a condition on in-test state every 50 ms; callers bound it with <see cref="Within.Wait{T}"/>.</summary>
    public static async Task<int> UntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(50);
        }

        return 0;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
