using System.ComponentModel.DataAnnotations;

namespace Sophia.ClientApi.Auth;

/// <summary>Sign-in and session settings (<c>Sophia:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Issuer = "sophia";
    public const string Audience = "sophia";

    /// <summary>Base64 HMAC key of at least 32 bytes; when empty (embedded profile only), a key is generated once and kept under the data folder.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where a generated key is kept when none is configured; null where a configured key is required.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Bearer tokens are short-lived; API clients renew them with their refresh token.</summary>
    [Range(1, 60)]
    public int TokenLifetimeMinutes { get; set; } = 15;

    [Range(1, 365)]
    public int RefreshTokenLifetimeDays { get; set; } = 30;

    /// <summary>How long the browser's session cookie lives without use.</summary>
    [Range(1, 24 * 30)]
    public int CookieLifetimeHours { get; set; } = 12;

    /// <summary>How long a gateway trusts what it read of a user's session: the bound on how late a revocation takes effect.</summary>
    [Range(1, 60)]
    public int SessionCacheSeconds { get; set; } = 30;

    [Range(1, 10_000)]
    public int SignInsPerUsernamePerMinute { get; set; } = 20;

    public const string MissingKey =
        "Sophia:Auth:SigningKey is required in the cluster profile, so that every gateway replica signs and checks tokens with the same key: " +
        "set Sophia__Auth__SigningKey to base64 of 32 or more random bytes (e.g. `openssl rand -base64 32`).";

    public const string WeakKey = "Sophia:Auth:SigningKey must be base64 of at least 32 bytes (e.g. `openssl rand -base64 32`).";

    /// <summary>A configured key, or a file to keep a generated one in (the embedded profile sets it).</summary>
    public bool HasKeySource() => !string.IsNullOrWhiteSpace(SigningKey) || KeyFile is not null;

    /// <summary>True when no key is configured, or the configured one decodes to at least 32 bytes.</summary>
    public bool HasUsableKey()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return true;
        }

        var bytes = new byte[SigningKey.Length];
        return Convert.TryFromBase64String(SigningKey, bytes, out var length) && length >= 32;
    }
}
