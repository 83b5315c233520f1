using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sophia.Audit;

/// <summary>A tool call's arguments as the audit log keeps them: only a hash, the same for the same call wherever it was made.</summary>
public static class ToolArguments
{
    /// <summary>The arguments as UTF-8 JSON with sorted names, so the same call always hashes the same.</summary>
    public static byte[] Canonical(IEnumerable<KeyValuePair<string, object?>> arguments) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(arguments.OrderBy(a => a.Key, StringComparer.Ordinal).ToDictionary(a => a.Key, a => a.Value?.ToString())));

    public static string Sha256(IEnumerable<KeyValuePair<string, object?>> arguments) => Convert.ToHexStringLower(SHA256.HashData(Canonical(arguments)));
}
