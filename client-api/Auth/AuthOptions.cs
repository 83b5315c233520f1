using System.ComponentModel.DataAnnotations;

namespace Sophia.ClientApi.Auth;

/// <summary>Token settings (<c>Sophia:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Issuer = "sophia";
    public const string Audience = "sophia";

    /// <summary>Base64 HMAC key of at least 32 bytes; when empty, a key is generated once and kept under the data folder.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where a generated key is kept when none is configured; null where a configured key is required.</summary>
    public string? KeyFile { get; set; }

    [Range(1, 24 * 30)]
    public int TokenLifetimeHours { get; set; } = 12;
}
