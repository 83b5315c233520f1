using System.Globalization;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.HubSpot;

/// <summary>
/// An OAuth app's tokens, kept in the integration's encrypted state: exchanged from the consent's code at HubSpot's
/// date-versioned token endpoint, and refreshed once, for every caller that finds them stale at the same time, shortly
/// before they expire or when HubSpot says the access token expired. New tokens are saved before they are used.
/// </summary>
internal sealed class HubSpotTokens
{
    /// <summary>The 2026-03 token endpoint that replaces <c>/oauth/v1/token</c>, which HubSpot retires on 16 February 2027.</summary>
    public const string TokenPath = "oauth/2026-03/token";
    private const string StateKey = "oauth";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public static bool Held(IntegrationSession session) => session.State[StateKey]?["refreshToken"] is not null;

    public async Task ExchangeCodeAsync(IntegrationSession session, HubSpotSettings settings, OAuthConsent consent, string code, CancellationToken cancellationToken)
    {
        var tokens = await RequestAsync(session, settings, "exchanging the consent's code", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = settings.ClientId!,
            ["client_secret"] = session.Secrets[HubSpotSettings.ClientSecretSecret],
            ["redirect_uri"] = consent.RedirectUri,
            ["code"] = code,
            ["code_verifier"] = consent.CodeVerifier,
        }, cancellationToken);
        await StoreAsync(session, tokens, previousRefreshToken: null);
    }

    /// <summary>The access token to send, refreshed first when it expires within five minutes.</summary>
    public Task<string> AccessTokenAsync(IntegrationSession session, HubSpotSettings settings, CancellationToken cancellationToken) =>
        Fresh(session) is { } token ? Task.FromResult(token) : RefreshAsync(session, settings, rejected: null, cancellationToken);

    /// <summary>
    /// Refreshes the tokens unless another caller already replaced <paramref name="rejected"/> (or, without one, already
    /// made them fresh): concurrent callers wait for one refresh and all use its token.
    /// </summary>
    public async Task<string> RefreshAsync(IntegrationSession session, HubSpotSettings settings, string? rejected, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var current = session.State[StateKey]?["accessToken"]?.GetValue<string>();
            if (current is not null && (rejected is null ? Fresh(session) is not null : current != rejected))
            {
                return current;
            }

            var refreshToken = session.State[StateKey]?["refreshToken"]?.GetValue<string>()
                ?? throw new IntegrationRefusedException("HubSpot has not been consented to yet: GET /api/integrations/hubspot/connect first.");
            var tokens = await RequestAsync(session, settings, "refreshing the access token", new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = settings.ClientId!,
                ["client_secret"] = session.Secrets[HubSpotSettings.ClientSecretSecret],
                ["refresh_token"] = refreshToken,
            }, cancellationToken);
            return await StoreAsync(session, tokens, refreshToken);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static async Task<string> StoreAsync(IntegrationSession session, JsonObject tokens, string? previousRefreshToken)
    {
        var access = tokens["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException("HubSpot's token answer has no access_token.");
        var expiresIn = tokens["expires_in"]?.GetValue<int>() ?? 1800;
        session.State[StateKey] = new JsonObject
        {
            ["accessToken"] = access,
            ["refreshToken"] = tokens["refresh_token"]?.GetValue<string>() ?? previousRefreshToken,
            ["expiresAt"] = session.Time.GetUtcNow().AddSeconds(expiresIn).ToString("O", CultureInfo.InvariantCulture),
            ["hubId"] = tokens["hub_id"]?.DeepClone(),
        };
        await session.SaveStateAsync();
        return access;
    }

    private static async Task<JsonObject> RequestAsync(IntegrationSession session, HubSpotSettings settings, string what, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await session.Http.PostAsync(new Uri(settings.BaseUrl, TokenPath), content, cancellationToken);
        var body = await HubSpotClient.ReadAsync(response, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        var error = body["error"]?.GetValue<string>() ?? body["status"]?.GetValue<string>() ?? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var description = body["error_description"]?.GetValue<string>() ?? body["message"]?.GetValue<string>() ?? response.ReasonPhrase;
        throw new IntegrationRefusedException(
            $"HubSpot refused {what} ({(int)response.StatusCode} {error}: {description}): check 'clientId' and 'clientSecret', then connect again with GET /api/integrations/hubspot/connect.");
    }

    private static string? Fresh(IntegrationSession session) =>
        session.State[StateKey] is JsonObject tokens
        && tokens["accessToken"]?.GetValue<string>() is { Length: > 0 } token
        && DateTimeOffset.TryParse(tokens["expiresAt"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiresAt)
        && expiresAt - session.Time.GetUtcNow() > RefreshMargin
            ? token
            : null;
}
