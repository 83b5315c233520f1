using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.HubSpot;

/// <summary>
/// HubSpot's REST API for one session: the bearer token (a private app's, or an OAuth app's refreshed as needed), the
/// rate budget from HubSpot's own <c>X-HubSpot-RateLimit-*</c> headers, the search endpoints' tighter limit, and error
/// answers turned into what to do next.
/// </summary>
internal sealed class HubSpotClient(IntegrationSession session, HubSpotTokens tokens, RateLimiter searchLimiter)
{
    public IntegrationSession Session { get; } = session;

    public HubSpotSettings Settings { get; } = HubSpotSettings.From(session.Settings);

    public Task<JsonObject> GetAsync(string pathAndQuery, string what, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(Settings.BaseUrl, pathAndQuery)), what, cancellationToken);

    public Task<JsonObject> PostAsync(string path, JsonObject body, string what, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, new Uri(Settings.BaseUrl, path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        }, what, cancellationToken);

    /// <summary>A search: HubSpot allows fewer of these a second than other calls, so they wait for the search limiter too.</summary>
    public async Task<JsonObject> SearchAsync(HubSpotObjectType type, JsonObject body, CancellationToken cancellationToken)
    {
        using var lease = await searchLimiter.AcquireAsync(1, cancellationToken);
        return await PostAsync($"crm/v3/objects/{type.Name}/search", body, $"searching the {type.Name}", cancellationToken);
    }

    private async Task<JsonObject> SendAsync(Func<HttpRequestMessage> request, string what, CancellationToken cancellationToken)
    {
        var token = await TokenAsync(cancellationToken);
        var (response, body) = await SendOnceAsync(request, token, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && Settings.IsOAuth && Category(body) == "EXPIRED_AUTHENTICATION")
        {
            response.Dispose();
            token = await tokens.RefreshAsync(Session, Settings, token, cancellationToken);
            (response, body) = await SendOnceAsync(request, token, cancellationToken);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            var message = body["message"]?.GetValue<string>() ?? response.ReasonPhrase ?? "no message";
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new IntegrationRefusedException(Settings.IsOAuth
                    ? $"HubSpot refused the OAuth access token while {what} (401 {Category(body)}: {message}): connect again with GET /api/integrations/hubspot/connect."
                    : $"HubSpot refused the private app's access token while {what} (401 {Category(body)}: {message}): send a valid 'accessToken'.");
            }

            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                throw new IntegrationRefusedException($"HubSpot refused {what} (403 {Category(body)}: {message}): the app lacks the scope it needs.");
            }

            throw new HubSpotApiException(response.StatusCode, Category(body), what, message);
        }
    }

    private async Task<(HttpResponseMessage, JsonObject)> SendOnceAsync(Func<HttpRequestMessage> create, string token, CancellationToken cancellationToken)
    {
        using var request = create();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await Session.Http.SendAsync(request, cancellationToken);
        ReportBudget(response);
        return (response, await ReadAsync(response, cancellationToken));
    }

    private Task<string> TokenAsync(CancellationToken cancellationToken) => Settings.IsOAuth
        ? tokens.AccessTokenAsync(Session, Settings, cancellationToken)
        : Task.FromResult(Session.Secrets[HubSpotSettings.AccessTokenSecret]);

    // HubSpot names its budget X-HubSpot-RateLimit-Remaining for the rolling window of Interval-Milliseconds.
    private void ReportBudget(HttpResponseMessage response)
    {
        if (Header(response, "X-HubSpot-RateLimit-Remaining") is { } remaining)
        {
            var window = Header(response, "X-HubSpot-RateLimit-Interval-Milliseconds");
            Session.ReportRateBudget(remaining, window is { } ms ? Session.Time.GetUtcNow().AddMilliseconds(ms) : null);
        }
    }

    private static long? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static string? Category(JsonObject body) => body["category"] is JsonValue value && value.TryGetValue<string>(out var category) ? category : null;

    internal static async Task<JsonObject> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
