using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sophia.Tests.Auth;

/// <summary>One REST call as a client makes it: bearer token, JSON body; the status and the parsed body come back.</summary>
public static class Api
{
    public sealed record Answer(int Status, JsonElement Body, HttpResponseMessage Response)
    {
        public string Title => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "";

        public override string ToString() => $"{Status} {Body}";
    }

    public static async Task<Answer> SendAsync(HttpClient http, HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new Answer((int)response.StatusCode, json, response);
    }

    public static Task<Answer> GetAsync(HttpClient http, string path, string? token) => SendAsync(http, HttpMethod.Get, path, token);

    public static Task<Answer> PostAsync(HttpClient http, string path, string? token, object? body = null) => SendAsync(http, HttpMethod.Post, path, token, body ?? new { });

    /// <summary>Signs in through <c>/api/auth/token</c>; the whole answer, for tests of sign-in itself.</summary>
    public static Task<Answer> SignInAsync(HttpClient http, string username, string password, string? tenant = null) =>
        PostAsync(http, "/api/auth/token", null, new { tenant, username, password });

    public static async Task<string> TokenAsync(HttpClient http, string username, string password, string? tenant = null)
    {
        var answer = await SignInAsync(http, username, password, tenant);
        Assert.True(answer.Status == 200, $"sign-in of {tenant}/{username}: {answer}");
        return answer.Body.GetProperty("access_token").GetString()!;
    }
}
