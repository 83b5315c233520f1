using System.Security.Cryptography;
using System.Text;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// Refresh tokens look like <c>srt.{tenant/user, base64url}.{id}.{secret}</c>: the user says which grain to ask, the
/// id which token, and only the secret's hash is kept.
/// </summary>
public static class RefreshTokens
{
    private const string Prefix = "srt.";

    public static (string Secret, string Hash) NewSecret()
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (secret, Hash(secret));
    }

    public static string Format(Caller caller, string id, string secret) => $"{Prefix}{Base64Url(Encoding.UTF8.GetBytes(caller.UserKey))}.{id}.{secret}";

    public static (Caller Caller, string Id, string Secret)? Parse(string? token)
    {
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal) || token[Prefix.Length..].Split('.') is not [var user, var id, var secret])
        {
            return null;
        }

        try
        {
            var key = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(user));
            var (tenant, name) = GrainKeys.Split(key);
            return GrainKeys.IsWellFormedName(tenant) && GrainKeys.IsWellFormedName(name) && GrainKeys.IsWellFormedId(id) && GrainKeys.IsWellFormedId(secret)
                ? (new Caller(tenant, name), id, secret)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
