using System.Net.Http.Headers;
using System.Text.Json;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Salesforce;

/// <summary>
/// Salesforce's OAuth 2.0 token endpoint (<c>{loginUrl}/services/oauth2/token</c>): the web server flow's code exchange
/// with its PKCE verifier, and the refresh token flow. Access tokens carry no lifetime (the org's session timeout decides),
/// so a refresh happens when a call is answered 401 <c>INVALID_SESSION_ID</c>; it runs once for the activation while the
/// other calls wait, and a rotated refresh token is saved before the new access token is used.
/// </summary>
internal sealed class SalesforceOAuth
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    public static Uri ConsentUrl(SalesforceSettings settings, OAuthConsent consent) => new(
        $"{settings.AuthorizeEndpoint}?response_type=code&client_id={Uri.EscapeDataString(settings.ClientId)}" +
        $"&redirect_uri={Uri.EscapeDataString(consent.RedirectUri)}&state={Uri.EscapeDataString(consent.State)}" +
        $"&code_challenge={Uri.EscapeDataString(consent.CodeChallenge)}&code_challenge_method=S256");

    public static async Task ExchangeCodeAsync(IntegrationSession session, OAuthConsent consent, string code, CancellationToken cancellationToken)
    {
        var settings = SalesforceSettings.From(session.Settings);
        var answer = await PostAsync(session, settings, "exchanging the authorization code", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = settings.ClientId,
            ["client_secret"] = session.Secrets[SalesforceSettings.ClientSecretSecret],
            ["redirect_uri"] = consent.RedirectUri,
            ["code_verifier"] = consent.CodeVerifier,
        }, cancellationToken);
        var refreshToken = Text(answer, "refresh_token")
            ?? throw new IntegrationRefusedException("Salesforce gave no refresh token: add the 'refresh_token, offline_access' scope to the External Client App's OAuth settings.");
        new SalesforceToken(Required(answer, "access_token"), refreshToken, Required(answer, "instance_url")).Keep(session);
        await session.SaveStateAsync();
    }

    /// <summary>
    /// A new access token unless another call already replaced <paramref name="rejected"/>; with rotation on, the new
    /// refresh token is saved before anything uses the access token, since the old one no longer works.
    /// </summary>
    public async Task<SalesforceToken> RefreshAsync(IntegrationSession session, string? rejected, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            var current = SalesforceToken.In(session) ?? throw NeedsConsent();
            if (current.AccessToken is not null && current.AccessToken != rejected)
            {
                return current;
            }

            var settings = SalesforceSettings.From(session.Settings);
            var answer = await PostAsync(session, settings, "refreshing the access token", new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = current.RefreshToken,
                ["client_id"] = settings.ClientId,
                ["client_secret"] = session.Secrets[SalesforceSettings.ClientSecretSecret],
            }, cancellationToken);
            var refreshed = new SalesforceToken(
                Required(answer, "access_token"), Text(answer, "refresh_token") ?? current.RefreshToken, Text(answer, "instance_url") ?? current.InstanceUrl);
            refreshed.Keep(session);
            await session.SaveStateAsync();
            return refreshed;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public static IntegrationRefusedException NeedsConsent() =>
        new($"Salesforce is not connected yet: a tenant admin opens GET /api/integrations/{IntegrationNames.Salesforce}/connect, or sends a 'refreshToken' with PUT.");

    private static async Task<JsonElement> PostAsync(IntegrationSession session, SalesforceSettings settings, string what, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await session.Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement answer;
        try
        {
            answer = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new IntegrationRefusedException($"Salesforce's token endpoint at {settings.TokenEndpoint} answered {(int)response.StatusCode} without JSON while {what}: check 'loginUrl'.");
        }

        if (!response.IsSuccessStatusCode || answer.ValueKind != JsonValueKind.Object || answer.TryGetProperty("error", out _))
        {
            throw new IntegrationRefusedException(Refusal(Text(answer, "error"), Text(answer, "error_description"), what));
        }

        return answer;
    }

    private static string Refusal(string? error, string? description, string what)
    {
        var said = $"{error ?? "an error"}{(description is null ? "" : $": {description}")}";
        return error switch
        {
            "invalid_client" => $"Salesforce refused the client credentials while {what} ({said}): check 'clientSecret' (the consumer secret).",
            "invalid_client_id" => $"Salesforce does not know the client while {what} ({said}): check 'clientId' (the consumer key) and 'loginUrl'.",
            "invalid_grant" when what.StartsWith("refreshing", StringComparison.Ordinal) =>
                $"Salesforce refused the refresh token while {what} ({said}): it was revoked, expired or already rotated. Connect again with GET /api/integrations/{IntegrationNames.Salesforce}/connect or send a new 'refreshToken'.",
            "invalid_grant" => $"Salesforce refused the authorization code while {what} ({said}): start again with GET /api/integrations/{IntegrationNames.Salesforce}/connect.",
            "redirect_uri_mismatch" => $"Salesforce refused the callback address while {what} ({said}): add Sophia's /api/integrations/{IntegrationNames.Salesforce}/callback URL to the app's callback URLs.",
            _ => $"Salesforce refused {what} ({said}).",
        };
    }

    private static string Required(JsonElement answer, string property) =>
        Text(answer, property) ?? throw new IntegrationRefusedException($"Salesforce's token answer has no '{property}'.");

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
