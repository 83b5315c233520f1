using Sophia.Chat;

namespace Sophia.Tenancy;

/// <summary>A user of a tenant: their membership and sign-in (see the other parts), API keys and conversation list.</summary>
public sealed partial class UserGrain(
    [PersistentState("user", "sophia")] IPersistentState<UserState> state,
    [PersistentState("quota", "sophia")] IPersistentState<QuotaState> quota, TimeProvider time, ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private const string DefaultTitle = "New conversation";

    public async Task<ConversationSummary> CreateConversationAsync(string title, string? leadAgent = null)
    {
        var problem = ChatLimits.CheckTitle(title);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        var (tenant, user) = GrainKeys.Split(this.GetPrimaryKeyString());
        var conversation = GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Of(tenant, GrainKeys.NewConversationId()));
        var summary = await conversation.CreateAsync(user, string.IsNullOrWhiteSpace(title) ? DefaultTitle : title.Trim(), leadAgent);
        state.State.Conversations.Add(summary);
        await WriteOrUndoAsync(() => state.State.Conversations.Remove(summary));
        return summary;
    }

    public async Task<CreatedApiKey> CreateApiKeyAsync(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new ArgumentException("Give the key a name of 1 to 100 characters, e.g. the app that will use it.");
        }

        var (tenant, user) = GrainKeys.Split(this.GetPrimaryKeyString());
        var (id, secret, key) = ApiKeyFormat.New(tenant);
        await GrainFactory.GetGrain<IApiKeyGrain>(GrainKeys.Of(tenant, id)).IssueAsync(user, ApiKeyFormat.Hash(secret), state.State.SessionVersion);
        var info = new ApiKeyInfo(id, name.Trim(), time.GetUtcNow());
        state.State.ApiKeys.Add(info);
        await WriteOrUndoAsync(() => state.State.ApiKeys.Remove(info));
        return new CreatedApiKey(info, key);
    }

    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync() => Task.FromResult<IReadOnlyList<ApiKeyInfo>>(state.State.ApiKeys.ToList());

    public async Task<bool> RevokeApiKeyAsync(string id)
    {
        if (!state.State.ApiKeys.Exists(k => k.Id == id))
        {
            return false;
        }

        // The key grain first: if the list write then fails, the key is already refused and a retry still finds it to drop.
        await GrainFactory.GetGrain<IApiKeyGrain>(GrainKeys.Of(GrainKeys.Split(this.GetPrimaryKeyString()).Tenant, id)).RevokeAsync();
        var index = state.State.ApiKeys.FindIndex(k => k.Id == id);
        var key = state.State.ApiKeys[index];
        state.State.ApiKeys.RemoveAt(index);
        await WriteOrUndoAsync(() => state.State.ApiKeys.Insert(index, key));
        return true;
    }

    public async Task UpdateConversationAsync(ConversationSummary summary)
    {
        var index = state.State.Conversations.FindIndex(c => c.Id == summary.Id);
        if (index >= 0)
        {
            state.State.Conversations[index] = summary;
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<ConversationSummary>> ListConversationsAsync() =>
        Task.FromResult<IReadOnlyList<ConversationSummary>>(state.State.Conversations.OrderByDescending(c => c.CreatedAt).ToList());

    // A failed write must not leave the activation answering from a list that storage never got.
    private async Task WriteOrUndoAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }
}
