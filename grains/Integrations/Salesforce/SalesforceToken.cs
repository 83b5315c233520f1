using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Salesforce;

/// <summary>
/// The tokens of one connection, kept in the integration's encrypted state: the access token, the refresh token (the one
/// given in the settings until Salesforce rotates it), the org's instance URL, and which refresh token in the settings they
/// came from, so a new one sent with PUT replaces them.
/// </summary>
internal sealed record SalesforceToken(string? AccessToken, string RefreshToken, string InstanceUrl)
{
    private const string Key = "auth";
    private const string FromConsent = "consent";

    /// <summary>The tokens the session holds, or a token only to refresh from when the settings carry one; null before consent.</summary>
    public static SalesforceToken? In(IntegrationSession session)
    {
        var given = session.Secrets.TryGetValue(SalesforceSettings.RefreshTokenSecret, out var token) ? token : null;
        if (session.State[Key] is JsonObject saved && saved["refreshToken"]?.GetValue<string>() is { } refreshToken
            && saved["origin"]?.GetValue<string>() == Origin(given))
        {
            return new SalesforceToken(saved["accessToken"]?.GetValue<string>(), refreshToken, saved["instanceUrl"]?.GetValue<string>() ?? "");
        }

        return given is null ? null : new SalesforceToken(null, given, "");
    }

    /// <summary>Keeps the tokens in the session's state; the caller saves it before using them.</summary>
    public void Keep(IntegrationSession session) => session.State[Key] = new JsonObject
    {
        ["accessToken"] = AccessToken,
        ["refreshToken"] = RefreshToken,
        ["instanceUrl"] = InstanceUrl,
        ["origin"] = Origin(session.Secrets.TryGetValue(SalesforceSettings.RefreshTokenSecret, out var given) ? given : null),
    };

    // A hash, not the token: the state says which settings its tokens belong to without holding the token twice.
    private static string Origin(string? givenRefreshToken) =>
        givenRefreshToken is null ? FromConsent : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(givenRefreshToken)));
}
