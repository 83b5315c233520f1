using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>Authenticates <c>Authorization: Bearer sk-sophia....</c> API keys as the user who created them.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IGrainFactory grains, SessionCheck sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>True when the request carries an API key rather than a token.</summary>
    public static bool Carries(HttpRequest request) =>
        request.Headers.Authorization is [{ } value] && value.StartsWith($"Bearer {ApiKeyFormat.Prefix}", StringComparison.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Carries(Request) || ApiKeyFormat.Parse(Request.Headers.Authorization.ToString()["Bearer ".Length..]) is not var (tenant, id, secret))
        {
            return AuthenticateResult.NoResult();
        }

        ApiKeyOwner? owner;
        using (CallerContext.Enter(new CallerIdentity(tenant, User: null)))
        {
            owner = await grains.GetGrain<IApiKeyGrain>(GrainKeys.Of(tenant, id)).VerifyAsync(secret);
        }

        if (owner is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity([.. new Caller(owner.Tenant, owner.User).SessionClaims(owner.SessionVersion), new Claim(Caller.ApiKeyClaim, id)], SchemeName, Caller.UserClaim, Caller.RoleClaim));
        if (await sessions.ValidateAsync(principal, owner.SessionVersion) is { } ended)
        {
            Context.Items[SessionCheck.EndedItem] = ended;
            return AuthenticateResult.Fail(ended);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
