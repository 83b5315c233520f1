using System.Security.Claims;
using Sophia.Automation;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Automation;

/// <summary>
/// Incoming webhooks: tenant admins manage them at <c>/api/hooks</c>; senders POST to <c>/hooks/{tenant}/{hook}</c>,
/// anonymous at the HTTP level and authenticated by the signature.
/// </summary>
public static class HookEndpoints
{
    private const string NoSuchHook = "There is no such hook.";

    public sealed record HookRequest(string? Name, string? Prompt, string? ConversationId);

    public static IEndpointRouteBuilder MapHookEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/hooks").RequirePermission(Permission.ManageIntegrations).AddEndpointFilter(AutomationErrors.Map);
        api.MapPost("/", async (HookRequest? request, ClaimsPrincipal user, IGrainFactory grains, ConversationAccess access) =>
        {
            var caller = Caller.From(user);
            var name = request?.Name ?? "";
            if (!GrainKeys.IsWellFormedName(name))
            {
                return Results.Problem(statusCode: 400, title: "A hook's name is 1 to 64 lower-case letters, digits, dots, dashes and underscores, starting with a letter or digit.");
            }

            var hook = Hook(grains, caller.Tenant, name);
            if (await hook.GetAsync() is not null)
            {
                return Results.Problem(statusCode: 409, title: $"A hook named '{name}' exists: delete it first, or choose another name.");
            }

            var conversationId = request?.ConversationId is { } given
                ? (await access.OpenAsync(caller, given)).GetPrimaryKeyString()[(caller.Tenant.Length + 1)..]
                : (await access.CreateAsync(caller, $"Webhook {name}")).Id;
            var created = await hook.CreateAsync(caller.User, conversationId, request?.Prompt);
            await grains.GetGrain<IAutomationIndexGrain>(caller.Tenant).AddAsync(IAutomationIndexGrain.Hooks, name, caller.User);
            return Results.Created($"/api/hooks/{name}", new { hook = View(caller.Tenant, created.Hook), secret = created.Secret });
        });
        api.MapGet("/", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var tenant = Caller.From(user).Tenant;
            var names = await grains.GetGrain<IAutomationIndexGrain>(tenant).ListAsync(IAutomationIndexGrain.Hooks, owner: null);
            var hooks = await Task.WhenAll(names.Select(n => Hook(grains, tenant, n).GetAsync()));
            return Results.Ok(new { hooks = hooks.OfType<HookInfo>().Select(h => View(tenant, h)) });
        });
        api.MapDelete("/{name}", async (string name, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var tenant = Caller.From(user).Tenant;
            if (!GrainKeys.IsWellFormedName(name) || !await Hook(grains, tenant, name).DeleteAsync())
            {
                return Results.Problem(statusCode: 404, title: $"Your tenant has no hook '{name}'. GET /api/hooks lists them.");
            }

            await grains.GetGrain<IAutomationIndexGrain>(tenant).RemoveAsync(IAutomationIndexGrain.Hooks, name);
            return Results.NoContent();
        });

        routes.MapPost("/hooks/{tenant}/{hook}", ReceiveAsync).AllowAnonymous();
        return routes;
    }

    private static async Task<IResult> ReceiveAsync(string tenant, string hook, HttpContext http, IGrainFactory grains)
    {
        // Whether the tenant or only the hook is unknown is not told: both are the same 404.
        if (!GrainKeys.IsWellFormedName(tenant) || !GrainKeys.IsWellFormedName(hook))
        {
            return Results.Problem(statusCode: 404, title: NoSuchHook);
        }

        if (http.Request.ContentLength > HookLimits.MaxBodyBytes)
        {
            return TooLarge();
        }

        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        if (body.Length > HookLimits.MaxBodyBytes)
        {
            return TooLarge();
        }

        var headers = http.Request.Headers;
        var delivery = new SignedDelivery(headers[WebhookSignature.DeliveryHeader], headers[WebhookSignature.TimestampHeader], headers[WebhookSignature.SignatureHeader], body.ToArray());
        HookOutcome outcome;
        using (CallerContext.Enter(new CallerIdentity(tenant, null)))
        {
            outcome = await Hook(grains, tenant, hook).ReceiveAsync(delivery);
        }

        return outcome.Status == StatusCodes.Status202Accepted
            ? Results.Accepted($"/api/conversations/{outcome.ConversationId}/messages", new { conversationId = outcome.ConversationId, seq = outcome.Seq })
            : Results.Problem(statusCode: outcome.Status, title: outcome.Problem);
    }

    private static IResult TooLarge() =>
        Results.Problem(statusCode: 413, title: $"A hook's payload may be at most {HookLimits.MaxBodyBytes / 1024} KB: send less, or a link to the rest.");

    private static IHookGrain Hook(IGrainFactory grains, string tenant, string name) => grains.GetGrain<IHookGrain>(GrainKeys.Of(tenant, name));

    private static object View(string tenant, HookInfo h) => new
    {
        h.Name, url = $"/hooks/{tenant}/{h.Name}", h.Owner, h.ConversationId, h.Prompt, h.CreatedAt, h.LastDeliveryAt, h.Deliveries,
    };
}
