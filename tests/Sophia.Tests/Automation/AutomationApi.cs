using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sophia.Tests.Automation;

/// <summary>Calls of the schedule and webhook tests: JSON requests with a token, waits on what a conversation shows, signing as the README says.</summary>
internal static class AutomationApi
{
    public static async Task<(int Status, JsonElement Body)> SendAsync(SophiaServer server, HttpMethod method, string path, string token, object? body = null)
    {
        using var request = server.Request(method, path, token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Waits until the conversation's messages satisfy <paramref name="condition"/>, and returns them.</summary>
    public static Task<List<ChatEvent>> MessagesWhenAsync(SophiaServer server, Func<Task<string>> token, string conversationId, Func<List<ChatEvent>, bool> condition, string what)
    {
        async Task<List<ChatEvent>> Poll()
        {
            while (true)
            {
                var messages = await server.MessagesAsync(await token(), conversationId);
                if (condition(messages))
                {
                    return messages;
                }

                await Task.Delay(100);
            }
        }

        return Within.Wait(Poll(), what, TimeSpan.FromSeconds(45));
    }

    public static Task<bool> UntilAsync(Func<Task<bool>> condition, string what)
    {
        async Task<bool> Poll()
        {
            while (!await condition())
            {
                await Task.Delay(100);
            }

            return true;
        }

        return Within.Wait(Poll(), what, TimeSpan.FromSeconds(45));
    }

    /// <summary>The signature of the README: <c>sha256=</c> hex HMAC-SHA256, keyed with the secret, of <c>{timestamp}.{id}.{body}</c>.</summary>
    public static string Sign(string secret, string timestamp, string id, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{id}.").Concat(body).ToArray()));
}
