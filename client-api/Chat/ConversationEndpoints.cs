using Sophia.Tenancy;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.RateLimits;
using Sophia.ClientApi.Quotas;

namespace Sophia.ClientApi.Chat;

/// <summary>REST over the caller's conversations.</summary>
public static class ConversationEndpoints
{
    public sealed record CreateRequest(string? Title, string? Agent);

    public sealed record SendRequest(string? Text);

    public sealed record PolicyRequest(string? Policy);

    public sealed record RenameRequest(string? Title);

    public sealed record ApprovalRequestBody(bool Approved, string? Comment);

    public static IEndpointRouteBuilder MapConversationEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/conversations").RequirePermission(Permission.Chat).AddEndpointFilter(MapErrors);

        api.MapGet("/", (ClaimsPrincipal user, ConversationAccess access) => access.ListAsync(Caller.From(user)));

        api.MapPost("/", async (CreateRequest? request, ClaimsPrincipal user, ConversationAccess access) =>
        {
            var created = await access.CreateAsync(Caller.From(user), request?.Title, request?.Agent);
            return Results.Created($"/api/conversations/{created.Id}", created);
        });

        api.MapPatch("/{id}", async (string id, RenameRequest? request, ClaimsPrincipal user, ConversationAccess access) =>
            await access.RenameAsync(Caller.From(user), id, request?.Title));

        api.MapPost("/{id}/stop", async (string id, ClaimsPrincipal user, ConversationAccess access) =>
            Results.Ok(new { stopped = await access.StopAsync(Caller.From(user), id) }));

        api.MapGet("/{id}/messages", async (string id, long? after, int? limit, ClaimsPrincipal user, ConversationAccess access) =>
        {
            var caller = Caller.From(user);
            var conversation = await access.OpenAsync(caller, id);
            return await conversation.ReadAsync(caller.User, after ?? 0, limit ?? ChatLimits.MaxReadPage, ChatEventTypes.Message);
        });

        api.MapPost("/{id}/messages", async (string id, SendRequest? request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user, ConversationAccess access) =>
            Results.Ok(new { seq = await access.SendAsync(Caller.From(user), id, request?.Text, idempotencyKey) }))
            .RequireRateLimiting(RateLimitPolicies.Sends);

        api.MapGet("/{id}/usage", async (string id, ClaimsPrincipal user, ConversationAccess access) =>
        {
            var turns = await access.UsageAsync(Caller.From(user), id);
            return new
            {
                turns = turns.Select(t => new { seq = t.Seq, t.Usage.Agent, t.Usage.Model, t.Usage.InputTokens, t.Usage.OutputTokens }),
                agents = turns.GroupBy(t => (t.Usage.Agent, t.Usage.Model)).Select(g => new
                {
                    g.Key.Agent, g.Key.Model, inputTokens = g.Sum(t => t.Usage.InputTokens), outputTokens = g.Sum(t => t.Usage.OutputTokens),
                }),
                inputTokens = turns.Sum(t => t.Usage.InputTokens),
                outputTokens = turns.Sum(t => t.Usage.OutputTokens),
            };
        });

        api.MapPost("/{id}/approvals/{approvalId}", async (string id, string approvalId, ApprovalRequestBody request, ClaimsPrincipal user, ConversationAccess access) =>
        {
            await access.ApproveAsync(Caller.From(user), id, approvalId, request.Approved, request.Comment);
            return Results.NoContent();
        });

        api.MapPut("/{id}/policy", async (string id, PolicyRequest? request, ClaimsPrincipal user, ConversationAccess access) =>
            await access.SetPolicyAsync(Caller.From(user), id, request?.Policy));

        return routes;
    }

    internal static async ValueTask<object?> MapErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (UnknownConversationException ex)
        {
            return Results.Problem(statusCode: 404, title: ex.Message);
        }
        catch (ConversationBusyException ex)
        {
            return Results.Problem(statusCode: 409, title: ex.Message);
        }
        catch (QuotaExceededException ex)
        {
            return QuotaResponses.TooMany(context.HttpContext, ex.Refusal);
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(statusCode: 400, title: ex.Message);
        }
        catch (Exception ex) when (ClusterUnavailable.Is(ex))
        {
            return Results.Problem(statusCode: 503, title: ClusterUnavailable.Message);
        }
    }
}
