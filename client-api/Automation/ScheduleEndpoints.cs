using System.Security.Claims;
using Sophia.Automation;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Automation;

/// <summary><c>/api/schedules</c>: the caller's cron schedules, which post a prompt into a conversation or (admins) sync an integration.</summary>
public static class ScheduleEndpoints
{
    public sealed record ScheduleRequest(string? Name, string? Cron, string? TimeZone, string? Kind, string? Prompt, string? ConversationId, string? Provider, string? Agent);

    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/schedules").RequirePermission(Permission.Chat).AddEndpointFilter(AutomationErrors.Map);
        api.MapPost("/", async (ScheduleRequest? request, ClaimsPrincipal user, IGrainFactory grains, ConversationAccess access) =>
        {
            var caller = Caller.From(user);
            var kind = request?.Kind ?? ScheduleKinds.Agent;
            if (kind == ScheduleKinds.Sync && !user.Has(Permission.ManageIntegrations))
            {
                return Results.Problem(statusCode: 403, title: PermissionPolicies.Refusal(user, Permission.ManageIntegrations));
            }

            if (kind == ScheduleKinds.Agent && request?.ConversationId is { } conversationId)
            {
                await access.OpenAsync(caller, conversationId);
            }

            if (request?.Agent is { } agent && !await access.AgentExistsAsync(caller, agent))
            {
                return Results.Problem(statusCode: 400, title: $"No agent named '{agent}'. GET /api/agents lists them.");
            }

            var id = GrainKeys.NewConversationId();
            var spec = new ScheduleSpec(request?.Name ?? "", request?.Cron ?? "", request?.TimeZone ?? "UTC", kind, request?.Prompt,
                request?.ConversationId, request?.Provider, request?.Agent);
            var status = await Schedule(grains, caller, id).CreateAsync(caller.User, spec);
            await grains.GetGrain<IAutomationIndexGrain>(caller.Tenant).AddAsync(IAutomationIndexGrain.Schedules, id, caller.User);
            return Results.Created($"/api/schedules/{id}", View(status));
        });
        api.MapGet("/", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var caller = Caller.From(user);
            var ids = await grains.GetGrain<IAutomationIndexGrain>(caller.Tenant).ListAsync(IAutomationIndexGrain.Schedules, caller.User);
            var statuses = await Task.WhenAll(ids.Select(id => Schedule(grains, caller, id).GetAsync()));
            return Results.Ok(new { schedules = statuses.OfType<ScheduleStatus>().Select(View) });
        });
        api.MapPost("/{id}/pause", (string id, ClaimsPrincipal user, IGrainFactory grains) => SetPausedAsync(id, user, grains, paused: true));
        api.MapPost("/{id}/resume", (string id, ClaimsPrincipal user, IGrainFactory grains) => SetPausedAsync(id, user, grains, paused: false));
        api.MapDelete("/{id}", async (string id, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var caller = Caller.From(user);
            if (await OwnedAsync(grains, caller, id) is null)
            {
                return Unknown(id);
            }

            await Schedule(grains, caller, id).DeleteAsync();
            await grains.GetGrain<IAutomationIndexGrain>(caller.Tenant).RemoveAsync(IAutomationIndexGrain.Schedules, id);
            return Results.NoContent();
        });
        return routes;
    }

    private static async Task<IResult> SetPausedAsync(string id, ClaimsPrincipal user, IGrainFactory grains, bool paused)
    {
        var caller = Caller.From(user);
        return await OwnedAsync(grains, caller, id) is null ? Unknown(id) : Results.Ok(View((await Schedule(grains, caller, id).SetPausedAsync(paused))!));
    }

    /// <summary>The caller's schedule of this id; another user's is as unknown as one that does not exist.</summary>
    private static async Task<ScheduleStatus?> OwnedAsync(IGrainFactory grains, Caller caller, string id) =>
        GrainKeys.IsWellFormedId(id) && await Schedule(grains, caller, id).GetAsync() is { } status && status.Owner == caller.User ? status : null;

    private static IScheduleGrain Schedule(IGrainFactory grains, Caller caller, string id) => grains.GetGrain<IScheduleGrain>(GrainKeys.Of(caller.Tenant, id));

    private static IResult Unknown(string id) => Results.Problem(statusCode: 404, title: $"You have no schedule '{id}'. GET /api/schedules lists yours.");

    private static object View(ScheduleStatus s) => new
    {
        s.Id, s.Spec.Name, s.Spec.Cron, s.Spec.TimeZone, s.Spec.Kind, s.Spec.Prompt, s.Spec.ConversationId, provider = s.Spec.Integration, s.Spec.Agent,
        s.Paused, s.NextRunAt, s.LastRunAt, s.LastOccurrence, s.LastError, s.Runs, s.CreatedAt,
    };
}
