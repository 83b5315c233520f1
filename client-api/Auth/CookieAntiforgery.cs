using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// A request that rides on the browser's session cookie and changes something must carry the antiforgery token from
/// <c>GET /api/auth/antiforgery</c>; bearer tokens and API keys cannot be sent by another site, so they need none.
/// </summary>
public static class CookieAntiforgery
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
            && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)))
        {
            try
            {
                await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                await Results.Problem(statusCode: 400,
                    title: $"This request rides on the session cookie: send the token from GET /api/auth/antiforgery in the {HeaderName} header.").ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    });
}
