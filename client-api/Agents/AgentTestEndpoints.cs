using System.Security.Claims;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.ClientApi.Quotas;
using Sophia.ClientApi.RateLimits;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Agents;

/// <summary>
/// <c>POST /api/agents/{name}/test</c>: runs one message through an agent for real (its instructions, model and tools)
/// in a conversation of its own that stays out of the caller's conversation list, and answers the turn whole.
/// </summary>
public static class AgentTestEndpoints
{
    // Long enough for a few tool calls on a slow model; the turn itself goes on if the page stops waiting.
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    public sealed record TestRequest(string? Message);

    public sealed record TestStep(string Agent, string Action, string? Tool, string Status, long DurationMs, long Tokens, string Text, DateTimeOffset At);

    public sealed record TestRun(
        string ConversationId, string Answer, IReadOnlyList<TestStep> Steps, IReadOnlyList<TurnUsage> Usage, long DurationMs,
        string? Error, string? PendingApproval);

    public static IEndpointRouteBuilder MapAgentTestEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/agents/{name}/test", RunAsync)
            .RequirePermission(Permission.Chat)
            .RequireRateLimiting(RateLimitPolicies.Sends)
            .AddEndpointFilter(ConversationEndpoints.MapErrors);
        return routes;
    }

    private static async Task<IResult> RunAsync(
        string name, TestRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, ConversationAccess access,
        TurnReplies replies, TimeProvider time)
    {
        var caller = Caller.From(user);
        if (ChatLimits.CheckMessage(request?.Message) is { } problem)
        {
            return Results.Problem(statusCode: 400, title: $"Send {{\"message\"}} to run through the agent: {problem}");
        }

        if (!await access.AgentExistsAsync(caller, name))
        {
            return Results.Problem(statusCode: 404, title: $"No agent named '{name}'. GET /api/agents lists them.");
        }

        await QuotaChecks.EnsureTokensLeftAsync(grains, caller.UserKey);

        // Created on the conversation grain itself, not through the user's list: a test run is not a chat to come back to.
        var id = GrainKeys.NewConversationId();
        var conversation = grains.GetGrain<IConversationGrain>(caller.ConversationKey(id));
        await conversation.CreateAsync(caller.User, $"Test of {name}", name);
        var started = time.GetTimestamp();
        var turn = await access.SendAsync(caller, id, request!.Message);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(Deadline);
        var steps = new List<TestStep>();
        var usage = new List<TurnUsage>();
        var answer = "";
        string? error = null, pending = null;
        try
        {
            await foreach (var e in replies.EventsAsync(conversation, caller, turn, deadline.Token))
            {
                if (e is { Type: ChatEventTypes.Step, Step: { } step })
                {
                    steps.Add(new TestStep(step.Agent, step.Action, step.Tool, step.Status, step.DurationMs, step.Tokens, e.Text, e.At));
                }

                if (e.Usage is { } spent)
                {
                    usage.Add(spent);
                }

                if (TurnReplies.IsPendingApproval(e))
                {
                    pending = TurnReplies.AwaitingApproval(e, id);
                    break;
                }

                if (e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant })
                {
                    answer = e.Text;
                }
                else if (e.Type == ChatEventTypes.Error)
                {
                    error = e.Text;
                    break;
                }
                else if (e.Type == ChatEventTypes.Done)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            error = $"No answer within {Deadline.TotalSeconds:0} s. The turn goes on: GET /api/conversations/{id}/messages?after={turn} reads it.";
        }

        return Results.Ok(new TestRun(id, answer, steps, usage, (long)time.GetElapsedTime(started).TotalMilliseconds, error, pending));
    }
}
