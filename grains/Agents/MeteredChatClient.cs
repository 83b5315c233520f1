using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Sophia.Agents;

/// <summary>A model client whose every call is checked against the quota first and spends the tokens its usage reports.</summary>
internal sealed class MeteredChatClient(IChatClient inner, QuotaGuard quota) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await quota.EnsureTokensLeftAsync();
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        await quota.SpendTokensAsync((response.Usage?.InputTokenCount ?? 0) + (response.Usage?.OutputTokenCount ?? 0));
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await quota.EnsureTokensLeftAsync();
        var tokens = 0L;
        try
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                // The same usage the turn's done and step events report.
                tokens += update.Contents.OfType<UsageContent>().Sum(u => (u.Details.InputTokenCount ?? 0) + (u.Details.OutputTokenCount ?? 0));
                yield return update;
            }
        }
        finally
        {
            await quota.SpendTokensAsync(tokens);
        }
    }
}
