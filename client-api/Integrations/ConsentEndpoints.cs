using System.Security.Claims;
using System.Text.Encodings.Web;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.ClientApi.Auth;
using Sophia.Integrations;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Integrations;

/// <summary>
/// The OAuth connect flow of HubSpot and Salesforce: <c>GET /api/integrations/{provider}/connect</c> sends a tenant admin
/// (signed in, in a browser) to the provider's consent page, and the provider sends them back to <c>/callback</c>,
/// which stores the tokens and shows the provider connected.
/// </summary>
public static class ConsentEndpoints
{
    public static IEndpointRouteBuilder MapConsentEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/integrations/{provider}").RequirePermission(Permission.ManageIntegrations);
        api.MapGet("/connect", async (HttpContext http, string provider, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (Grain(grains, user, provider) is not { } grain)
            {
                return UnknownProvider(provider);
            }

            try
            {
                return Results.Redirect(await grain.BeginConsentAsync(CallbackUri(http.Request, provider)));
            }
            catch (IntegrationRefusedException refused)
            {
                return Results.Problem(statusCode: 400, title: refused.Message);
            }
        });

        api.MapGet("/callback", async (HttpContext http, string provider, string? code, string? state, string? error, string? error_description,
            ClaimsPrincipal user, IGrainFactory grains, AuditTrail audit) =>
        {
            if (Grain(grains, user, provider) is not { } grain)
            {
                return UnknownProvider(provider);
            }

            var name = IntegrationNames.DisplayName(provider);
            if (error is not null)
            {
                return Page(400, $"{name} was not connected", $"{name} answered: {error}{(error_description is null ? "" : $" ({error_description})")}. Start again from GET /api/integrations/{provider}/connect.");
            }

            if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(state))
            {
                return Page(400, $"{name} was not connected", $"{name}'s answer has no 'code' and 'state'.");
            }

            try
            {
                var status = await grain.CompleteConsentAsync(state, code, Caller.From(user).User);
                await audit.RecordAsync(http, AuditActions.IntegrationChanged, grain.GetPrimaryKeyString(), new { state = "consented" });
                return Page(200, $"{name} is connected", $"Sophia can now use {name}: {status.Tools} tool(s). An admin starts its sync with POST /api/integrations/{provider}/sync.");
            }
            catch (IntegrationRefusedException refused)
            {
                return Page(400, $"{name} was not connected", refused.Message);
            }
        });

        return routes;
    }

    private static IIntegrationGrain? Grain(IGrainFactory grains, ClaimsPrincipal user, string provider) =>
        IntegrationNames.Providers.Contains(provider)
            ? grains.GetGrain<IIntegrationGrain>(IntegrationNames.Key(Caller.From(user).Tenant, provider))
            : null;

    private static IResult UnknownProvider(string provider) =>
        Results.Problem(statusCode: 404, title: $"Sophia has no integration '{provider}'; it has {string.Join(", ", IntegrationNames.Providers)}.");

    /// <summary>Where the provider sends the admin back: this gateway as the browser reached it (behind a proxy, as forwarded).</summary>
    private static string CallbackUri(HttpRequest request, string provider) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/api/integrations/{provider}/callback";

    private static IResult Page(int status, string title, string message)
    {
        var html = HtmlEncoder.Default;
        return Results.Content(
            $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{html.Encode(title)} · Sophia</title><link rel="stylesheet" href="/app.css"></head>
            <body><main class="consent"><h1>{html.Encode(title)}</h1><p>{html.Encode(message)}</p><p><a href="/">Back to Sophia</a></p></main></body></html>
            """, "text/html; charset=utf-8", statusCode: status);
    }
}
