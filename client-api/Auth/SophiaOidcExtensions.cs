using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Sophia.ClientApi.Auth;

/// <summary>Single sign-on: the authorization code flow with PKCE against the provider in <c>Sophia:Auth:Oidc</c>, registered only when one is configured.</summary>
public static class SophiaOidcExtensions
{
    public static AuthenticationBuilder AddSophiaOidc(this AuthenticationBuilder auth, IConfiguration configuration)
    {
        var services = auth.Services;
        services.AddOptions<OidcOptions>().Bind(configuration.GetSection(OidcOptions.Section))
            .Validate(o => o.HasUsableAuthority(), OidcOptions.BadAuthority)
            .Validate(o => o.HasClientId(), OidcOptions.MissingClientId)
            .Validate(o => o.HasTenant(), OidcOptions.MissingTenant)
            .Validate(o => o.MapsToRoles(), OidcOptions.UnknownRole)
            .Validate(o => o.HasRoleClaimForMap(), OidcOptions.MapWithoutClaim)
            .Validate(o => o.HasPlainDomains(), OidcOptions.BadDomain)
            .ValidateOnStart();
        if (configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() is not { Enabled: true })
        {
            return auth;
        }

        services.AddSingleton<OidcSignIn>();
        auth.AddOpenIdConnect(OidcOptions.Scheme, "Single sign-on", _ => { });
        services.AddOptions<OpenIdConnectOptions>(OidcOptions.Scheme).Configure<IOptions<OidcOptions>>((o, sso) => Configure(o, sso.Value));
        return auth;
    }

    private static void Configure(OpenIdConnectOptions o, OidcOptions sso)
    {
        o.Authority = sso.Authority;
        o.ClientId = sso.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(sso.ClientSecret) ? null : sso.ClientSecret;
        o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // A top-level GET back from the provider carries SameSite=Lax cookies, where form_post's cross-site POST would not.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CallbackPath = OidcOptions.CallbackPath;
        o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.Scope.Clear();
        foreach (var scope in sso.ScopeList)
        {
            o.Scope.Add(scope);
        }

        foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        o.TokenValidationParameters.NameClaimType = OidcClaims.Name;
        o.Events = new OpenIdConnectEvents
        {
            OnTokenValidated = context => context.HttpContext.RequestServices.GetRequiredService<OidcSignIn>().CompleteAsync(context),
            OnRemoteFailure = context => context.HttpContext.RequestServices.GetRequiredService<OidcSignIn>().FailAsync(context),
        };
    }
}
