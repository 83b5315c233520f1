using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.Memory;

namespace Sophia.ClientApi.Memory;

/// <summary>Resolves the memory scope a request names to the caller's grain: the tenant's, the caller's own, or one of the caller's conversations.</summary>
public sealed class MemoryAccess(IGrainFactory grains, ConversationAccess conversations)
{
    public const string ScopeHelp = "scope must be 'tenant' (default), 'user' (your own memory) or 'conversation:{id}' (one of your conversations)";

    public async Task<IMemoryGrain> OpenAsync(Caller caller, string? scope) =>
        grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(caller.Tenant, await ResolveAsync(caller, scope)));

    /// <summary>The scope's name inside the tenant; throws <see cref="ArgumentException"/> or <see cref="UnknownConversationException"/>.</summary>
    public async Task<string> ResolveAsync(Caller caller, string? scope)
    {
        switch (scope)
        {
            case null or "" or MemoryScopes.Tenant:
                return MemoryScopes.Tenant;
            case "user":
                return MemoryScopes.User(caller.User);
            case not null when scope.StartsWith("conversation:", StringComparison.Ordinal):
                var id = scope["conversation:".Length..];
                await conversations.OpenAsync(caller, id);
                return MemoryScopes.Conversation(id);
            default:
                throw new ArgumentException($"'{scope}' is not a memory scope: {ScopeHelp}.");
        }
    }
}
