using Sophia.Tenancy;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sophia.ClientApi.Agents;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.ClientApi.RateLimits;
using Sophia.ClientApi.Quotas;

namespace Sophia.ClientApi.OpenAi;

/// <summary>
/// An OpenAI-compatible face (<c>/v1/chat/completions</c>, <c>/v1/models</c>) over conversations, for existing OpenAI
/// clients and chat UIs. A request without <c>X-Sophia-Conversation</c> starts a conversation with the request's
/// history; the response names it in that header, and a client that sends it back continues there.
/// </summary>
public static class OpenAiEndpoints
{
    public const string ConversationHeader = "X-Sophia-Conversation";

    public static IEndpointRouteBuilder MapOpenAiEndpoints(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/v1").RequirePermission(Permission.Chat).RequireRateLimiting(RateLimitPolicies.V1);
        v1.MapGet("/models", async (ClaimsPrincipal user, IGrainFactory grains, TimeProvider time) =>
            Results.Json(OpenAiResponses.Models(time.GetUtcNow(), (await AgentEndpoints.ListAsync(grains, Caller.From(user).Tenant)).Select(a => a.Name))));
        v1.MapPost("/chat/completions", CompleteAsync);
        return routes;
    }

    private static async Task CompleteAsync(
        HttpContext http, ChatCompletionRequest? request, ClaimsPrincipal user, ConversationAccess access, TurnReplies replies, TimeProvider time,
        IOptions<OpenAiOptions> options, IGrainFactory grains)
    {
        var caller = Caller.From(user);
        if (request is { Model: var model } && model != OpenAiResponses.BuiltInModel && !await access.AgentExistsAsync(caller, model))
        {
            await Results.Json(OpenAiResponses.Error($"The model '{request.Model}' does not exist; GET /v1/models lists the models.", "invalid_request_error", "model_not_found"), statusCode: 404).ExecuteAsync(http);
            return;
        }

        var problem = request switch
        {
            null => "Send a JSON body with \"model\" and \"messages\".",
            { Messages: null or [] } => "\"messages\" is empty; send at least one user message.",
            { Messages: var messages } when messages.Any(m => m is null) => "Each of \"messages\" must be an object with \"role\" and \"content\".",
            { Messages: [.., { Role: not "user" }] } => "The last message must have role \"user\": that is the message Sophia answers.",
            _ => null,
        };
        if (problem is not null)
        {
            await Results.Json(OpenAiResponses.Error(problem, "invalid_request_error"), statusCode: 400).ExecuteAsync(http);
            return;
        }

        try
        {
            await QuotaChecks.EnsureTokensLeftAsync(grains, caller.UserKey);
            var (conversationId, conversation) = await OpenConversationAsync(http, request!, caller, access);
            var seq = await access.SendAsync(caller, conversationId, request!.Messages![^1].Text);
            http.Response.Headers[ConversationHeader] = conversationId;
            var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            deadline.CancelAfter(timeout);
            var answer = new Answer($"chatcmpl-{conversationId}-{seq}", request.Model!, time.GetUtcNow(), conversationId);
            try
            {
                await (request.Stream
                    ? StreamAsync(http, replies.EventsAsync(conversation, caller, seq, deadline.Token), answer)
                    : AnswerAsync(http, await replies.WaitAsync(conversation, caller, seq, deadline.Token), answer));
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
            {
                var why = $"No answer within {timeout.TotalSeconds:0} s (Sophia:OpenAi:TimeoutSeconds). The turn goes on: read its answer with GET /api/conversations/{conversationId}/messages?after={seq}.";
                await (http.Response.HasStarted
                    ? WriteEventAsync(http, OpenAiResponses.Error(why, "timeout"))
                    : Results.Json(OpenAiResponses.Error(why, "timeout"), statusCode: 504).ExecuteAsync(http));
            }
        }
        catch (QuotaExceededException ex)
        {
            await QuotaResponses.OpenAiTooMany(http, ex.Refusal).ExecuteAsync(http);
        }
        catch (Exception ex) when (ex is ArgumentException or UnknownConversationException or ConversationBusyException)
        {
            await Results.Json(OpenAiResponses.Error(ex.Message, "invalid_request_error"), statusCode: ex is UnknownConversationException ? 404 : 400).ExecuteAsync(http);
        }
    }

    private static async Task<(string Id, IConversationGrain Conversation)> OpenConversationAsync(
        HttpContext http, ChatCompletionRequest request, Caller caller, ConversationAccess access)
    {
        if (http.Request.Headers[ConversationHeader] is [{ Length: > 0 } existing])
        {
            return (existing, await access.OpenAsync(caller, existing));
        }

        var firstUser = request.Messages!.First(m => m.Role == "user").Text;
        var agent = request.Model == OpenAiResponses.BuiltInModel ? null : request.Model;
        var created = await access.CreateAsync(caller, TurnReplies.TitleOf(firstUser), agent);
        var conversation = await access.OpenAsync(caller, created.Id);
        // System messages are left out: Sophia's agents bring their own instructions.
        var history = request.Messages!.SkipLast(1)
            .Where(m => m.Role is "user" or "assistant")
            .Select(m => new ChatEventDraft(ChatEventTypes.Message, m.Role!, m.Text))
            .ToList();
        await conversation.ImportAsync(caller.User, history);
        return (created.Id, conversation);
    }

    private static Task AnswerAsync(HttpContext http, TurnReply reply, Answer answer) => (reply switch
    {
        { PendingApproval: { } approval } => Results.Json(OpenAiResponses.Completion(answer.Id, answer.Model, answer.Created, TurnReplies.AwaitingApproval(approval, answer.ConversationId))),
        { Error: { } error } => Results.Json(OpenAiResponses.Error(error, "server_error"), statusCode: 502),
        _ => Results.Json(OpenAiResponses.Completion(answer.Id, answer.Model, answer.Created, reply.Text)),
    }).ExecuteAsync(http);

    private static async Task StreamAsync(HttpContext http, IAsyncEnumerable<ChatEvent> events, Answer answer)
    {
        http.Response.ContentType = "text/event-stream";
        await WriteEventAsync(http, OpenAiResponses.Chunk(answer.Id, answer.Model, answer.Created, new { role = "assistant", content = "" }, null));
        await foreach (var e in events)
        {
            if (TurnReplies.IsPendingApproval(e))
            {
                await WriteEventAsync(http, OpenAiResponses.Chunk(answer.Id, answer.Model, answer.Created, new { content = TurnReplies.AwaitingApproval(e, answer.ConversationId) }, null));
                await WriteEventAsync(http, OpenAiResponses.Chunk(answer.Id, answer.Model, answer.Created, new { }, "stop"));
                await http.Response.WriteAsync("data: [DONE]\n\n");
                return;
            }

            switch (e.Type)
            {
                case ChatEventTypes.Delta:
                    await WriteEventAsync(http, OpenAiResponses.Chunk(answer.Id, answer.Model, answer.Created, new { content = e.Text }, null));
                    break;
                case ChatEventTypes.Done:
                    await WriteEventAsync(http, OpenAiResponses.Chunk(answer.Id, answer.Model, answer.Created, new { }, "stop"));
                    await http.Response.WriteAsync("data: [DONE]\n\n");
                    return;
                case ChatEventTypes.Error:
                    await WriteEventAsync(http, OpenAiResponses.Error(e.Text, "server_error"));
                    await http.Response.WriteAsync("data: [DONE]\n\n");
                    return;
            }
        }
    }

    private sealed record Answer(string Id, string Model, DateTimeOffset Created, string ConversationId);

    private static async Task WriteEventAsync(HttpContext http, object payload)
    {
        await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(payload)}\n\n");
        await http.Response.Body.FlushAsync();
    }
}
