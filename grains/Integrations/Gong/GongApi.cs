using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Gong;

/// <summary>
/// Gong's REST API v2 over the grain's client (rate limiter, retries honouring Retry-After, circuit breaker), with Basic
/// authentication from the access key pair, each call counted against the day's limit.
/// </summary>
internal sealed class GongApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly MediaTypeWithQualityHeaderValue JsonMedia = new("application/json");
    private readonly AuthenticationHeaderValue _authorization;
    private readonly GongDailyBudget _budget;

    public GongApi(IntegrationSession session)
    {
        Session = session;
        Settings = GongSettings.From(session.Settings);
        var pair = $"{session.Secrets[GongSettings.AccessKeyField]}:{session.Secrets[GongSettings.KeySecretField]}";
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        _budget = new GongDailyBudget(session, Settings.CallsPerDay);
    }

    public IntegrationSession Session { get; }

    public GongSettings Settings { get; }

    /// <summary>A POST with a JSON body (Gong's list endpoints take their filter and cursor in it).</summary>
    public Task<T> PostAsync<T>(string path, JsonObject body, string what, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Post, path, body, what, cancellationToken);

    public Task<T> GetAsync<T>(string pathAndQuery, string what, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, pathAndQuery, null, what, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, JsonObject? body, string what, CancellationToken cancellationToken)
    {
        _budget.Spend(what);
        using var request = new HttpRequestMessage(method, new Uri(Settings.BaseUrl, path.TrimStart('/')));
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(JsonMedia);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await Session.Http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await GongErrors.ExplainAsync(response, what, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new JsonException($"Gong answered {what} with an empty body.");
    }
}
