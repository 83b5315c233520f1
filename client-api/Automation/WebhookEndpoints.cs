using System.Security.Claims;
using Sophia.Automation;
using Sophia.ClientApi.Auth;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Automation;

/// <summary><c>/api/webhooks</c>: tenant admins subscribe URLs to events, and see and replay the deliveries that failed.</summary>
public static class WebhookEndpoints
{
    public sealed record SubscribeRequest(string? Url, string[]? Events);

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/webhooks").RequirePermission(Permission.ManageIntegrations).AddEndpointFilter(AutomationErrors.Map);
        api.MapPost("/", async (SubscribeRequest? request, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var caller = Caller.From(user);
            var created = await Outbox(grains, user).SubscribeAsync(caller.User, request?.Url ?? "", request?.Events ?? []);
            return Results.Created($"/api/webhooks/{created.Subscription.Id}", new { webhook = created.Subscription, secret = created.Secret });
        });
        api.MapGet("/", async (ClaimsPrincipal user, IGrainFactory grains) => Results.Ok(new { webhooks = await Outbox(grains, user).ListAsync() }));
        api.MapDelete("/{id}", async (string id, ClaimsPrincipal user, IGrainFactory grains) => await Outbox(grains, user).UnsubscribeAsync(id)
            ? Results.NoContent()
            : Results.Problem(statusCode: 404, title: $"Your tenant has no webhook '{id}'. GET /api/webhooks lists them."));
        api.MapGet("/deliveries", async (ClaimsPrincipal user, IGrainFactory grains) => Results.Ok(new { deliveries = await Outbox(grains, user).ListPendingAsync() }));
        api.MapGet("/dead-letters", async (ClaimsPrincipal user, IGrainFactory grains) => Results.Ok(new { deadLetters = await Outbox(grains, user).ListDeadLettersAsync() }));
        api.MapPost("/dead-letters/{id}/replay", async (string id, ClaimsPrincipal user, IGrainFactory grains) => await Outbox(grains, user).ReplayAsync(id)
            ? Results.Accepted("/api/webhooks/deliveries", new { id, replayed = true })
            : Results.Problem(statusCode: 404, title: $"There is no dead letter '{id}'. GET /api/webhooks/dead-letters lists them."));
        return routes;
    }

    private static IWebhookOutboxGrain Outbox(IGrainFactory grains, ClaimsPrincipal user) => grains.GetGrain<IWebhookOutboxGrain>(Caller.From(user).Tenant);
}
