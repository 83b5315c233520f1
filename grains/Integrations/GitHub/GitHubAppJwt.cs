using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Sophia.Integrations.GitHub;

/// <summary>The JSON Web Token a GitHub App signs with its private key (RS256) to ask for installation tokens.</summary>
internal static class GitHubAppJwt
{
    /// <summary>GitHub refuses a JWT that lives longer than ten minutes; issued a minute early against clock drift, as GitHub advises.</summary>
    public static string Create(string appId, string privateKeyPem, DateTimeOffset now)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["iat"] = now.AddSeconds(-60).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(9).ToUnixTimeSeconds(),
            ["iss"] = appId,
        };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()))}";
        using var rsa = RSA.Create();
        rsa.ImportFromPem(privateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
