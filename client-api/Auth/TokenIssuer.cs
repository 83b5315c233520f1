using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>Issues short-lived bearer tokens with a refresh token that rotates on each use.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, IGrainFactory grains, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public sealed record TokenResponse(string access_token, string token_type, int expires_in, string refresh_token);

    public async Task<TokenResponse> IssueAsync(Caller caller, long sessionVersion)
    {
        var (secret, hash) = RefreshTokens.NewSecret();
        using var asCaller = caller.Enter();
        var id = await grains.GetGrain<IUserGrain>(caller.UserKey).IssueRefreshTokenAsync(hash, RefreshExpiry());
        return Response(caller, sessionVersion, RefreshTokens.Format(caller, id, secret));
    }

    /// <summary>A new pair for a refresh token that is still good; null when it is not (the old one is now spent).</summary>
    public async Task<TokenResponse?> RefreshAsync(string refreshToken)
    {
        if (RefreshTokens.Parse(refreshToken) is not var (caller, id, secret))
        {
            return null;
        }

        var (next, nextHash) = RefreshTokens.NewSecret();
        using var asCaller = caller.Enter();
        var rotated = await grains.GetGrain<IUserGrain>(caller.UserKey).RotateRefreshTokenAsync(id, RefreshTokens.Hash(secret), nextHash, RefreshExpiry());
        return rotated is null ? null : Response(caller, rotated.SessionVersion, RefreshTokens.Format(caller, rotated.NextId, next));
    }

    private TokenResponse Response(Caller caller, long sessionVersion, string refreshToken)
    {
        var lifetime = TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);
        var now = time.GetUtcNow().UtcDateTime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            Subject = new ClaimsIdentity(caller.SessionClaims(sessionVersion)),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return new TokenResponse(token, "Bearer", (int)lifetime.TotalSeconds, refreshToken);
    }

    private DateTimeOffset RefreshExpiry() => time.GetUtcNow().AddDays(options.Value.RefreshTokenLifetimeDays);
}
