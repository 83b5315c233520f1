using Microsoft.Extensions.Caching.Hybrid;
using Sophia.Agents;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Quotas;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Chat;

/// <summary>The gateway's one way in to a caller's conversations: checks ids and ownership before any write.</summary>
public sealed class ConversationAccess(IGrainFactory grains, HybridCache cache)
{
    // A conversation never changes owner, so a granted access can be remembered; a refusal is never cached.
    private static readonly HybridCacheEntryOptions Granted = new() { Expiration = TimeSpan.FromMinutes(30), LocalCacheExpiration = TimeSpan.FromMinutes(30) };

    /// <summary>Creates a conversation, answered by the user-defined <paramref name="agent"/> when one is named.</summary>
    public async Task<ConversationSummary> CreateAsync(Caller caller, string? title, string? agent = null)
    {
        RejectIfInvalid(ChatLimits.CheckTitle(title));
        if (agent is not null && !await AgentExistsAsync(caller, agent))
        {
            throw new ArgumentException($"No agent named '{agent}'. GET /api/agents lists them.");
        }

        return await GrainCallRetry.RejectedAsync(() => grains.GetGrain<IUserGrain>(caller.UserKey).CreateConversationAsync(title ?? "", agent));
    }

    /// <summary>True when the caller's tenant has a user-defined agent of this name.</summary>
    public async Task<bool> AgentExistsAsync(Caller caller, string? name) =>
        GrainKeys.IsWellFormedId(name) && await grains.GetGrain<IAgentDefinitionGrain>(GrainKeys.Of(caller.Tenant, name!)).GetAsync() is not null;

    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(Caller caller) =>
        await GrainCallRetry.IdempotentAsync(() => grains.GetGrain<IUserGrain>(caller.UserKey).ListConversationsAsync());

    /// <summary>The caller's conversation, or <see cref="UnknownConversationException"/>.</summary>
    public async Task<IConversationGrain> OpenAsync(Caller caller, string? conversationId)
    {
        if (!GrainKeys.IsWellFormedId(conversationId))
        {
            throw new UnknownConversationException(conversationId ?? "");
        }

        var conversation = grains.GetGrain<IConversationGrain>(caller.ConversationKey(conversationId!));
        await cache.GetOrCreateAsync(
            $"conversation-access:{caller.ConversationKey(conversationId!)}:{caller.User}",
            async _ => await GrainCallRetry.IdempotentAsync(() => conversation.GetAsync(caller.User)) is not null
                ? true
                : throw new UnknownConversationException(conversationId!),
            Granted);
        return conversation;
    }

    /// <summary>
    /// Appends the caller's message; returns its sequence number once it is durable. Refused with
    /// <see cref="QuotaExceededException"/> while the caller has no model tokens left. The request id (the client's
    /// idempotency key, or one made here) lets a retry after an ambiguous failure return the first append's number.
    /// </summary>
    public async Task<long> SendAsync(Caller caller, string? conversationId, string? text, string? idempotencyKey = null)
    {
        RejectIfInvalid(ChatLimits.CheckMessage(text) ?? ChatLimits.CheckRequestId(idempotencyKey));
        var conversation = await OpenAsync(caller, conversationId);
        await QuotaChecks.EnsureTokensLeftAsync(grains, caller.UserKey);
        var requestId = idempotencyKey ?? Guid.NewGuid().ToString("N");
        return await GrainCallRetry.IdempotentAsync(() => conversation.PostAsync(caller.User, text!, requestId));
    }

    /// <summary>
    /// What each agent's model calls cost (agent, model, tokens in and out), oldest first: the mediator's on each turn's
    /// <c>done</c>, the planner's and the specialists' on their finished steps.
    /// </summary>
    public async Task<IReadOnlyList<(long Seq, TurnUsage Usage)>> UsageAsync(Caller caller, string? conversationId)
    {
        var conversation = await OpenAsync(caller, conversationId);
        var usages = new List<(long Seq, TurnUsage Usage)>();
        foreach (var type in new[] { ChatEventTypes.Done, ChatEventTypes.Step })
        {
            await foreach (var e in ConversationLog.ReadAsync(conversation, caller.User, 0, type))
            {
                if (e.Usage is { } usage)
                {
                    usages.Add((e.Seq, usage));
                }
            }
        }

        return usages.OrderBy(u => u.Seq).ToList();
    }

    /// <summary>Approves or refuses a paused tool call of the caller's conversation; the turn then resumes.</summary>
    public async Task ApproveAsync(Caller caller, string? conversationId, string? approvalId, bool approved, string? comment)
    {
        await OpenAsync(caller, conversationId);
        if (!GrainKeys.IsWellFormedId(approvalId))
        {
            throw new ArgumentException($"Unknown approval '{approvalId}' in this conversation.");
        }

        var approval = grains.GetGrain<IApprovalGrain>(GrainKeys.Of(caller.Tenant, approvalId!));
        await GrainCallRetry.IdempotentAsync(() => approval.DecideAsync(caller.User, caller.ConversationKey(conversationId!), approved, comment));
    }

    /// <summary>Sets the conversation's double-texting policy (enqueue, reject or interrupt).</summary>
    public async Task<ConversationSummary> SetPolicyAsync(Caller caller, string? conversationId, string? policy)
    {
        RejectIfInvalid(DoubleTextingPolicy.Check(policy));
        var conversation = await OpenAsync(caller, conversationId);
        return await GrainCallRetry.IdempotentAsync(() => conversation.SetPolicyAsync(caller.User, policy!));
    }

    /// <summary>Gives one of the caller's conversations a new title.</summary>
    public async Task<ConversationSummary> RenameAsync(Caller caller, string? conversationId, string? title)
    {
        RejectIfInvalid(string.IsNullOrWhiteSpace(title) ? "Send a JSON body {\"title\": \"…\"} with a title of 1 to 200 characters." : ChatLimits.CheckTitle(title));
        var conversation = await OpenAsync(caller, conversationId);
        return await GrainCallRetry.IdempotentAsync(() => conversation.RenameAsync(caller.User, title!));
    }

    /// <summary>Stops the running answer of one of the caller's conversations; false when none was running.</summary>
    public async Task<bool> StopAsync(Caller caller, string? conversationId)
    {
        var conversation = await OpenAsync(caller, conversationId);
        return await GrainCallRetry.IdempotentAsync(() => conversation.StopAsync(caller.User));
    }

    private static void RejectIfInvalid(string? problem)
    {
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }
    }
}
