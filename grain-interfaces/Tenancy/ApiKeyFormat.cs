using System.Security.Cryptography;
using System.Text;

namespace Sophia.Tenancy;

/// <summary>
/// API keys look like <c>sk-sophia.{tenant, base64url}.{id}.{secret}</c>: the tenant and id say which key grain to
/// ask, the secret is checked against the hash that grain keeps.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "sk-sophia.";

    public static (string Id, string Secret, string Key) New(string tenant)
    {
        var id = Base64Url(RandomNumberGenerator.GetBytes(9));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(24));
        return (id, secret, $"{Prefix}{Base64Url(Encoding.UTF8.GetBytes(tenant))}.{id}.{secret}");
    }

    /// <summary>The parts of a key, or null when the text is not one.</summary>
    public static (string Tenant, string Id, string Secret)? Parse(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length..].Split('.') is not [var tenant, var id, var secret])
        {
            return null;
        }

        try
        {
            var name = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(tenant));
            return GrainKeys.IsWellFormedName(name) && GrainKeys.IsWellFormedId(id) ? (name, id, secret) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>SHA-256 of the secret: enough for 192 random bits, and cheap enough to check on every request.</summary>
    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
