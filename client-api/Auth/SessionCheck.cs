using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// Checks every cookie, token and API key against the user's current session version, and gives the request the
/// user's current role. Each user's session is cached for <see cref="AuthOptions.SessionCacheSeconds"/> at most, so a
/// disabled user, a new role or a reset ends every session on every gateway within that time.
/// </summary>
public sealed class SessionCheck(IGrainFactory grains, IMemoryCache cache, IOptions<AuthOptions> options)
{
    /// <summary>Where a request keeps why its session was refused, for the 401 it gets.</summary>
    public const string EndedItem = "sophia.session-ended";

    public async Task<UserSession> CurrentAsync(Caller caller)
    {
        var key = ("session", caller.UserKey);
        if (cache.TryGetValue(key, out UserSession? session) && session is not null)
        {
            return session;
        }

        using (caller.Enter())
        {
            session = await grains.GetGrain<IUserGrain>(caller.UserKey).GetSessionAsync();
        }

        cache.Set(key, session, TimeSpan.FromSeconds(options.Value.SessionCacheSeconds));
        return session;
    }

    /// <summary>Forgets what this gateway knows of the user, after it changed them itself.</summary>
    public void Forget(Caller caller) => cache.Remove(("session", caller.UserKey));

    /// <summary>Null when the session is still current; otherwise why it ended. Changes nothing, so it may run beside a request.</summary>
    public async Task<string?> EndedAsync(ClaimsPrincipal principal, long sessionVersion) => (await ReadAsync(principal, sessionVersion)).Ended;

    /// <summary>Null when the session is still current, and the principal then carries the user's current role; otherwise why it ended.</summary>
    public async Task<string?> ValidateAsync(ClaimsPrincipal principal, long sessionVersion)
    {
        var (session, ended) = await ReadAsync(principal, sessionVersion);
        if (ended is not null || principal.Identity is not ClaimsIdentity identity)
        {
            return ended ?? "The session names no user.";
        }

        // A renewed cookie may carry the role it was read with; only the current one counts.
        foreach (var stale in identity.FindAll(Caller.RoleClaim).ToList())
        {
            identity.RemoveClaim(stale);
        }

        identity.AddClaim(new Claim(Caller.RoleClaim, session!.Role));
        return null;
    }

    private async Task<(UserSession? Session, string? Ended)> ReadAsync(ClaimsPrincipal principal, long sessionVersion)
    {
        if (principal.FindFirstValue(Caller.TenantClaim) is null || principal.FindFirstValue(Caller.UserClaim) is null)
        {
            return (null, "The session names no user.");
        }

        var session = await CurrentAsync(Caller.From(principal));
        return (session, !session.Exists || session.Disabled ? "This account is disabled or no longer exists."
            : session.Version != sessionVersion ? "This session ended (the password, role or account changed): sign in again."
            : null);
    }

    public static long VersionOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(Caller.SessionVersionClaim), out var version) ? version : 0;
}
