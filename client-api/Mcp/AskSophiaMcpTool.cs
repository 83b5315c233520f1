using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.ClientApi.Quotas;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Mcp;

/// <summary>
/// <c>ask_sophia</c>: posts a message into one of the caller's conversations (a new one unless one is named) and answers
/// with Sophia's reply and the conversation's id, so the next call can continue there.
/// </summary>
public sealed class AskSophiaMcpTool(IGrainFactory grains, ConversationAccess access, TurnReplies replies, IOptions<McpOptions> options) : IMcpTool
{
    public const string Name = "ask_sophia";

    public Tool Definition { get; } = new()
    {
        Name = Name,
        Description = "Asks Sophia, the company's assistant, which answers from company memory, its integrations and its agents. " +
            "Answers with Sophia's reply and a conversationId; pass that conversationId again to continue the same conversation.",
        InputSchema = McpResults.StringArguments(
            ("message", "What to ask or tell Sophia.", true),
            ("conversationId", "The conversation to continue, from an earlier answer; leave out to start a new one.", false)),
        OutputSchema = JsonSerializer.SerializeToElement(new
        {
            type = "object",
            properties = new { answer = new { type = "string" }, conversationId = new { type = "string" } },
            required = new[] { "answer", "conversationId" },
        }),
        Annotations = new ToolAnnotations { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = false, OpenWorldHint = true },
    };

    public Permission Permission => Permission.Chat;

    public async Task<CallToolResult> CallAsync(Caller caller, IReadOnlyDictionary<string, JsonElement> arguments, CancellationToken cancellationToken)
    {
        if (McpResults.StringArgument(arguments, "message") is not { } message)
        {
            return McpResults.Error("Send \"message\": what to ask Sophia.");
        }

        var conversationId = McpResults.StringArgument(arguments, "conversationId");
        try
        {
            // Before a conversation is created, so a caller without tokens left gets no empty conversation.
            await QuotaChecks.EnsureTokensLeftAsync(grains, caller.UserKey);
            conversationId ??= (await access.CreateAsync(caller, TurnReplies.TitleOf(message))).Id;
            var conversation = await access.OpenAsync(caller, conversationId);
            var turn = await access.SendAsync(caller, conversationId, message);
            return await AnswerAsync(conversation, caller, conversationId, turn, cancellationToken);
        }
        catch (QuotaExceededException ex)
        {
            return McpResults.Error(ex.Refusal.Message);
        }
        catch (UnknownConversationException)
        {
            return McpResults.Error($"You have no conversation '{conversationId}': leave conversationId out to start a new one.");
        }
        catch (Exception ex) when (ex is ArgumentException or ConversationBusyException)
        {
            return McpResults.Error(ex.Message);
        }
    }

    private async Task<CallToolResult> AnswerAsync(IConversationGrain conversation, Caller caller, string conversationId, long turn, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.AnswerTimeoutSeconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        TurnReply reply;
        try
        {
            reply = await replies.WaitAsync(conversation, caller, turn, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return McpResults.Error($"No answer within {timeout.TotalSeconds:0} s ({McpOptions.Section}:AnswerTimeoutSeconds). The turn goes on in conversation " +
                $"{conversationId}: read its answer with GET /api/conversations/{conversationId}/messages?after={turn}.");
        }

        if (reply.Error is { } error)
        {
            return McpResults.Error($"Sophia could not answer: {error} (conversationId: {conversationId})");
        }

        var answer = reply.PendingApproval is { } approval ? TurnReplies.AwaitingApproval(approval, conversationId) : reply.Text;
        var result = McpResults.Text($"{answer}\n\n(conversationId: {conversationId}; pass it as conversationId to continue this conversation.)");
        result.StructuredContent = JsonSerializer.SerializeToElement(new { answer, conversationId });
        return result;
    }
}
