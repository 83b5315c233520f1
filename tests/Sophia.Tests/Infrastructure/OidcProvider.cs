using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Sophia.Tests.Infrastructure;

/// <summary>Who the provider says signed in: the claims its ID token carries.</summary>
public sealed record ProviderUser(string Email, string? Name = null, string[]? Groups = null, bool EmailVerified = true)
{
    public string Subject { get; init; } = Email;
}

/// <summary>
/// A real OpenID provider (OpenIddict's server, without a database) on a loopback port, with one registered client.
/// Its authorize endpoint signs in whoever the test set as <see cref="NextUser"/> at once, as if they had typed their password.
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "sophia-tests";
    public const string ClientSecret = "client-secret-for-tests";
    public const string GroupsClaim = "groups";

    private readonly WebApplication _app;

    private OidcProvider(WebApplication app, string authority)
    {
        _app = app;
        Authority = authority;
    }

    public string Authority { get; }

    public ProviderUser? NextUser { get; set; }

    /// <summary>Starts the provider; it accepts only <paramref name="redirectUri"/> as its client's callback.</summary>
    public static async Task<OidcProvider> StartAsync(string redirectUri)
    {
        var authority = $"http://127.0.0.1:{FreePort.Next()}/";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(authority.TrimEnd('/'));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetIssuer(new Uri(authority));
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.Email, Scopes.Profile);
            o.RegisterClaims(GroupsClaim);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey().DisableAccessTokenEncryption();
            // Degraded mode: no application or token store, so the client is checked by the two handlers below.
            o.EnableDegradedMode().DisableTokenStorage().DisableAuthorizationStorage();
            o.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.RedirectUri != redirectUri)
                {
                    context.Reject(Errors.InvalidClient, "Unknown client or redirect_uri.");
                }

                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                {
                    context.Reject(Errors.InvalidClient, "Wrong client credentials.");
                }

                return default;
            }));
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
        });

        var app = builder.Build();
        var provider = new OidcProvider(app, authority);
        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext http) => provider.Authorize(http));
        app.MapPost("/connect/token", async (HttpContext http) =>
        {
            var code = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return code.Principal is { } principal
                ? Results.SignIn(principal, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
                : Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        await app.StartAsync();
        return provider;
    }

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var user = NextUser ?? throw new InvalidOperationException("The test named nobody to sign in at the provider.");
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Subject));
        identity.AddClaim(new Claim(Claims.Email, user.Email));
        identity.AddClaim(new Claim(Claims.EmailVerified, user.EmailVerified ? "true" : "false", ClaimValueTypes.Boolean));
        if (user.Name is { } name)
        {
            identity.AddClaim(new Claim(Claims.Name, name));
        }

        foreach (var group in user.Groups ?? [])
        {
            identity.AddClaim(new Claim(GroupsClaim, group));
        }

        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
