using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Sophia;

/// <summary>Builds and checks the <c>tenant/local</c> keys every Sophia grain uses.</summary>
public static partial class GrainKeys
{
    public const string DefaultTenant = "default";

    public static string Of(string tenant, string local) => $"{tenant}/{local}";

    /// <summary>Splits a key into tenant and local part.</summary>
    public static (string Tenant, string Local) Split(string key)
    {
        var slash = key.IndexOf('/');
        return slash <= 0 ? throw new ArgumentException($"Grain key '{key}' has no tenant prefix.") : (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>A new opaque, URL-safe conversation id.</summary>
    public static string NewConversationId() =>
        System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>True when the text could be a conversation id (URL-safe, bounded).</summary>
    public static bool IsWellFormedId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>True when the text is an acceptable user or tenant name.</summary>
    public static bool IsWellFormedName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
