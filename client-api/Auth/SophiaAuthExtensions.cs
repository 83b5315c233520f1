using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using Sophia.Silo.Hosting;
using StackExchange.Redis;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// Who may call: the browser's HttpOnly session cookie (with antiforgery on unsafe methods), bearer tokens and API
/// keys for other clients; every one checked against the user's current session.
/// </summary>
public static class SophiaAuthExtensions
{
    private const string SchemeSelector = "sophia";

    public static IServiceCollection AddSophiaAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SigningKeyStore>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<SessionCheck>();
        services.AddSingleton<PasswordSignIn>();
        services.AddMemoryCache();
        services.AddSophiaDataProtection(configuration);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CookieAntiforgery.HeaderName;
            o.Cookie.Name = "sophia.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddAuthentication(SchemeSelector)
            .AddPolicyScheme(SchemeSelector, "Cookie, bearer token or API key", o => o.ForwardDefaultSelector = SchemeOf)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "sophia.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = context => Status(context.Response, 401);
                o.Events.OnRedirectToAccessDenied = context => Status(context.Response, 403);
                o.Events.OnValidatePrincipal = async context =>
                {
                    if (await Check(context.HttpContext, context.Principal!) is not null)
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            })
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddSophiaOidc(configuration);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AuthOptions>>((o, auth) => o.ExpireTimeSpan = TimeSpan.FromHours(auth.Value.CookieLifetimeHours));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<SigningKeyStore>((o, keys) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = AuthOptions.Issuer,
                ValidAudience = AuthOptions.Audience,
                IssuerSigningKey = keys.Key,
                NameClaimType = Caller.UserClaim,
                RoleClaimType = Caller.RoleClaim,
            };
            o.Events = new JwtBearerEvents
            {
                // Browsers cannot set headers on WebSocket requests, so the hub also takes the token from the query string.
                OnMessageReceived = context =>
                {
                    if (HubToken(context.HttpContext.Request) is { } token)
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
                OnTokenValidated = async context =>
                {
                    if (await Check(context.HttpContext, context.Principal!) is { } ended)
                    {
                        context.Fail(ended);
                    }
                },
            };
        });

        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorizationBuilder().AddPermissionPolicies();
        return services;
    }

    /// <summary>Null when the session is current (the request then carries the user's role); otherwise why it ended.</summary>
    private static async Task<string?> Check(HttpContext http, System.Security.Claims.ClaimsPrincipal principal)
    {
        var ended = await http.RequestServices.GetRequiredService<SessionCheck>().ValidateAsync(principal, SessionCheck.VersionOf(principal));
        if (ended is not null)
        {
            http.Items[SessionCheck.EndedItem] = ended;
        }

        return ended;
    }

    private static string SchemeOf(HttpContext context) =>
        ApiKeyAuthenticationHandler.Carries(context.Request) ? ApiKeyAuthenticationHandler.SchemeName
        : context.Request.Headers.Authorization.Count > 0 || HubToken(context.Request) is not null ? JwtBearerDefaults.AuthenticationScheme
        : CookieAuthenticationDefaults.AuthenticationScheme;

    private static string? HubToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs") && request.Query["access_token"] is [{ Length: > 0 } token] ? token : null;

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
