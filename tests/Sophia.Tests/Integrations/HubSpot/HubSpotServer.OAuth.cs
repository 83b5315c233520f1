using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Sophia.Tests.Integrations.HubSpot;

/// <summary>
/// HubSpot's OAuth: the authorize page (the installing user approves at once and is sent back with a code and the
/// state), and <c>POST /oauth/2026-03/token</c> with form-encoded <c>authorization_code</c> and <c>refresh_token</c>
/// grants, PKCE checked, RFC 6749 errors, access tokens that expire after <c>expires_in</c> seconds.
/// </summary>
public sealed partial class HubSpotServer
{
    public const string TokenPath = "/oauth/2026-03/token";
    private readonly ConcurrentDictionary<string, (string ClientId, string RedirectUri, string? Challenge)> _codes = new();
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new();
    private int _codeGrants;
    private int _refreshGrants;

    /// <summary>OAuth apps the server knows: client id to client secret.</summary>
    public ConcurrentDictionary<string, string> OAuthClients { get; } = new();

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    public int CodeGrants => _codeGrants;

    public int RefreshGrants => _refreshGrants;

    /// <summary>Every access token issued so far expires now, as if their thirty minutes had passed.</summary>
    public void ExpireAccessTokens()
    {
        foreach (var token in _accessTokens.Keys)
        {
            _accessTokens[token] = DateTimeOffset.UtcNow.AddSeconds(-1);
        }
    }

    private (bool Authenticated, bool Expired) Authenticate(string authorization)
    {
        var token = Bearer(authorization);
        if (token is null)
        {
            return (false, false);
        }

        if (PrivateAppTokens.ContainsKey(token))
        {
            return (true, false);
        }

        return _accessTokens.TryGetValue(token, out var expiresAt) ? (expiresAt > DateTimeOffset.UtcNow, expiresAt <= DateTimeOffset.UtcNow) : (false, false);
    }

    private void MapOAuth(WebApplication app)
    {
        app.MapGet("/oauth/authorize", (HttpContext c) =>
        {
            var query = c.Request.Query;
            var clientId = query["client_id"].ToString();
            var redirect = query["redirect_uri"].ToString();
            if (!OAuthClients.ContainsKey(clientId) || !Uri.TryCreate(redirect, UriKind.Absolute, out _) || string.IsNullOrEmpty(query["scope"]))
            {
                return Results.Content("<h1>Couldn't complete the connection</h1><p>Invalid client_id, redirect_uri or scope.</p>", "text/html", statusCode: 400);
            }

            var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            _codes[code] = (clientId, redirect, query["code_challenge"].ToString() is { Length: > 0 } challenge ? challenge : null);
            var back = new Dictionary<string, string?> { ["code"] = code };
            if (query["state"].ToString() is { Length: > 0 } state)
            {
                back["state"] = state;
            }

            return Results.Redirect(QueryHelpers.AddQueryString(redirect, back));
        });
        app.MapPost(TokenPath, IssueTokensAsync);
    }

    private async Task IssueTokensAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await WriteAsync(context, 400, OAuthError("invalid_request", "BAD_REQUEST", "the body must be application/x-www-form-urlencoded"));
            return;
        }

        var form = await context.Request.ReadFormAsync();
        var clientId = form["client_id"].ToString();
        if (!OAuthClients.TryGetValue(clientId, out var secret) || secret != form["client_secret"])
        {
            await WriteAsync(context, 400, OAuthError("invalid_client", "BAD_CLIENT_ID", "missing or unknown client_id, or wrong client_secret"));
            return;
        }

        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!_codes.TryRemove(form["code"].ToString(), out var grant) || grant.ClientId != clientId || grant.RedirectUri != form["redirect_uri"]
                    || (grant.Challenge is not null && grant.Challenge != Challenge(form["code_verifier"].ToString())))
                {
                    await WriteAsync(context, 400, OAuthError("invalid_grant", "BAD_AUTH_CODE", "auth code not found, or the redirect_uri or code_verifier does not match"));
                    return;
                }

                Interlocked.Increment(ref _codeGrants);
                var refresh = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                _refreshTokens[refresh] = clientId;
                await WriteAsync(context, 200, Tokens(refresh));
                return;
            case "refresh_token":
                if (!_refreshTokens.TryGetValue(form["refresh_token"].ToString(), out var owner) || owner != clientId)
                {
                    await WriteAsync(context, 400, OAuthError("invalid_grant", "BAD_REFRESH_TOKEN", "refresh token is invalid, expired or revoked"));
                    return;
                }

                Interlocked.Increment(ref _refreshGrants);
                await WriteAsync(context, 200, Tokens(form["refresh_token"].ToString()));
                return;
            default:
                await WriteAsync(context, 400, OAuthError("unsupported_grant_type", "BAD_GRANT_TYPE", "grant_type must be authorization_code or refresh_token"));
                return;
        }
    }

    private JsonObject Tokens(string refreshToken)
    {
        var access = $"CN{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))}";
        _accessTokens[access] = DateTimeOffset.UtcNow + AccessTokenLifetime;
        return new JsonObject
        {
            ["token_type"] = "bearer",
            ["refresh_token"] = refreshToken,
            ["hub_id"] = PortalId,
            ["scopes"] = new JsonArray("oauth", "crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read", "tickets"),
            ["access_token"] = access,
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
        };
    }

    // RFC 6749 fields, with HubSpot's earlier status and message kept beside them.
    private static JsonObject OAuthError(string error, string status, string description) => new()
    {
        ["error"] = error,
        ["error_description"] = description,
        ["status"] = status,
        ["message"] = description,
    };

    private static string Challenge(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
