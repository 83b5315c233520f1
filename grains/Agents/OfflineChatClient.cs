using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Sophia.Agents;

/// <summary>
/// The chat client when no model is configured: it makes nothing up. Handed a tool's result (an approved call, a
/// plan's findings) it answers with that result as it is; asked anything else it says that no model is configured
/// and how to configure one. It reports no model, so no usage is counted for it.
/// </summary>
public sealed class OfflineChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, ReplyTo(messages))));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ChatResponseUpdate(ChatRole.Assistant, ReplyTo(messages));
        await Task.CompletedTask;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static string ReplyTo(IEnumerable<ChatMessage> messages) =>
        messages.LastOrDefault() is { Role: var role } last && role == ChatRole.Tool
            ? string.Join("\n\n", last.Contents.OfType<FunctionResultContent>().Select(r => $"{r.Result}"))
            : ChatModel.NotConfiguredReply;
}
