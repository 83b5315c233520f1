using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sophia.Tests.Integrations.Salesforce;

/// <summary>The login host's OAuth 2.0 endpoints: authorize (web server flow with PKCE) and token (code and refresh grants).</summary>
public sealed partial class SalesforceServer
{
    // The login page and the approval are the signed-in user's: the browser comes straight back with a code.
    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["client_id"] != ClientId)
        {
            return Results.Content("error=invalid_client_id&error_description=client%20identifier%20invalid", "text/plain", statusCode: 400);
        }

        var redirect = query["redirect_uri"].ToString();
        if (query["response_type"] != "code" || query["code_challenge_method"] is { Count: > 0 } method && method != "S256")
        {
            return Results.Redirect($"{redirect}?error=unsupported_response_type&error_description=response%20type%20not%20supported&state={Uri.EscapeDataString(query["state"].ToString())}");
        }

        var code = $"aPrx{Random(32)}==";
        _codes[code] = (query["code_challenge"].ToString(), redirect);
        return Results.Redirect($"{redirect}?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"].ToString())}");
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["client_id"] != ClientId)
        {
            return OAuthError("invalid_client_id", "client identifier invalid");
        }

        if (form["client_secret"] != ClientSecret)
        {
            return OAuthError("invalid_client", "invalid client credentials");
        }

        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!_codes.TryRemove(form["code"].ToString(), out var issued))
                {
                    return OAuthError("invalid_grant", "invalid authorization code");
                }

                if (issued.RedirectUri != form["redirect_uri"])
                {
                    return OAuthError("redirect_uri_mismatch", "redirect_uri must match configuration");
                }

                if (issued.Challenge.Length > 0 && issued.Challenge != Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))))
                {
                    return OAuthError("invalid_grant", "invalid code verifier");
                }

                return Results.Json(Tokens(IssueRefreshToken()));
            case "refresh_token":
                var presented = form["refresh_token"].ToString();
                if (!_refreshTokens.ContainsKey(presented))
                {
                    return OAuthError("invalid_grant", "expired access/refresh token");
                }

                Interlocked.Increment(ref _refreshGrants);
                if (!RotateRefreshTokens)
                {
                    return Results.Json(Tokens(null));
                }

                _refreshTokens.TryRemove(presented, out _);
                return Results.Json(Tokens(IssueRefreshToken()));
            default:
                return OAuthError("unsupported_grant_type", "grant type not supported");
        }
    }

    private JsonObject Tokens(string? refreshToken)
    {
        var access = $"{OrgId}!AQ{Random(40)}";
        _accessTokens[access] = true;
        var answer = new JsonObject
        {
            ["access_token"] = access,
            ["signature"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["scope"] = "refresh_token api",
            ["instance_url"] = BaseUrl,
            ["id"] = $"{BaseUrl}/id/{OrgId}/0055g000001TEST",
            ["token_type"] = "Bearer",
            ["issued_at"] = Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        if (refreshToken is not null)
        {
            answer["refresh_token"] = refreshToken;
        }

        return answer;
    }

    private static IResult OAuthError(string error, string description) =>
        Results.Json(new JsonObject { ["error"] = error, ["error_description"] = description }, statusCode: 400);
}
