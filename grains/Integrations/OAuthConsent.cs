using System.Security.Cryptography;
using System.Text;
using System.Buffers.Text;

namespace Sophia.Integrations.Providers;

/// <summary>
/// One authorization-code flow under way: where the provider sends the code back, the <c>state</c> that ties the answer to
/// this request, and the PKCE verifier whose S256 challenge goes with the authorization request.
/// </summary>
public sealed record OAuthConsent(string RedirectUri, string State, string CodeVerifier)
{
    public static OAuthConsent Start(string redirectUri) =>
        new(redirectUri, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(48)));

    /// <summary>The S256 <c>code_challenge</c> of RFC 7636.</summary>
    public string CodeChallenge => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(CodeVerifier)));
}
