using System.ComponentModel;
using Sophia.Memory;

namespace Sophia.Agents.Tools;

/// <summary>The agents' way into layered memory: what the conversation's owner, the conversation and the tenant know.</summary>
public static class MemoryTools
{
    private const int Passages = 5;

    public static readonly SophiaTool SearchMemory = new(
        "search_memory", "Searches Sophia's memory (documents and facts of this user, this conversation and the whole company) and returns numbered passages with their source.", Risky: false,
        context => async ([Description("What to look for, in words.")] string query) =>
        {
            var (tenant, conversationId) = GrainKeys.Split(context.ConversationKey);
            var owner = await context.Conversation.GetOwnerAsync();
            var memory = context.Grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(tenant, MemoryScopes.User(owner)));
            var passages = await memory.RecallAsync(new RecallQuery(query, Passages, AlsoScopes: [MemoryScopes.Conversation(conversationId), MemoryScopes.Tenant]));
            return PassageCitations.Cited(query, passages);
        });

    public static readonly SophiaTool Remember = new(
        "remember", "Stores a fact the user wants Sophia to keep, in the user's own memory, so later conversations can find it with search_memory.", Risky: false,
        context => async ([Description("The fact, self-contained, in one or two sentences.")] string fact) =>
        {
            var (tenant, conversationId) = GrainKeys.Split(context.ConversationKey);
            var owner = await context.Conversation.GetOwnerAsync();
            var status = await context.Grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(tenant, MemoryScopes.User(owner)))
                .RememberAsync(fact, $"conversation {conversationId}", owner);
            return $"Remembered as '{status.Name}'.";
        });
}
