using Microsoft.Extensions.AI;
using Sophia.Chat;
using Sophia.Tenancy;

namespace Sophia.Agents;

/// <summary>
/// One turn's (or one step's) spending against the quotas of the conversation's owner and tenant: tokens are checked
/// before each model call and spent after it, from the usage the model reported; a tool call is taken before it runs.
/// A refusal is kept, so the turn can end on it even where a tool's exception was turned into a result for the model.
/// </summary>
public sealed class QuotaGuard(ConversationOwner owner)
{
    public QuotaRefusal? Refused { get; private set; }

    /// <summary>The client with every model call metered: refused when no tokens are left, spent after it answered.</summary>
    public IChatClient Meter(IChatClient client) => new MeteredChatClient(client, this);

    public async Task EnsureTokensLeftAsync()
    {
        if (await (await OwnerAsync()).CheckQuotaAsync(QuotaMeter.Tokens, 1) is { } refusal)
        {
            Refuse(refusal);
        }
    }

    public async Task SpendTokensAsync(long tokens)
    {
        if (tokens > 0)
        {
            await (await OwnerAsync()).SpendQuotaAsync(QuotaMeter.Tokens, tokens, refuseOverLimit: false);
        }
    }

    public async Task TakeToolCallAsync()
    {
        if (await (await OwnerAsync()).SpendQuotaAsync(QuotaMeter.ToolCalls, 1, refuseOverLimit: true) is { } refusal)
        {
            Refuse(refusal);
        }
    }

    public void ThrowIfRefused()
    {
        if (Refused is { } refusal)
        {
            throw new QuotaExceededException(refusal);
        }
    }

    private void Refuse(QuotaRefusal refusal)
    {
        Refused ??= refusal;
        throw new QuotaExceededException(refusal);
    }

    /// <summary>The conversation owner's key (<c>tenant/user</c>), whose quotas this guard spends.</summary>
    public async Task<string> OwnerKeyAsync() => (await OwnerAsync()).GetPrimaryKeyString();

    private ValueTask<IUserGrain> OwnerAsync() => owner.UserAsync();
}
