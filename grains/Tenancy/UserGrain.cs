using Sophia.Chat;

namespace Sophia.Tenancy;

/// <summary>A user of a tenant: verifies their password and owns their conversation list.</summary>
public sealed class UserGrain(
    [PersistentState("user", "sophia")] IPersistentState<UserState> state) : Grain, IUserGrain
{
    private const string DefaultTitle = "New conversation";

    public Task<bool> ExistsAsync() => Task.FromResult(state.RecordExists && state.State.PasswordHash.Length > 0);

    public async Task<bool> TryCreateAsync(string password)
    {
        if (await ExistsAsync())
        {
            return false;
        }

        await SetPasswordAsync(password);
        return true;
    }

    public async Task SetPasswordAsync(string password)
    {
        if (string.IsNullOrWhiteSpace(password) || password.Length < 8)
        {
            throw new ArgumentException("A password needs at least 8 characters.");
        }

        state.State.PasswordHash = PasswordHasher.Hash(password);
        await state.WriteStateAsync();
    }

    public Task<bool> VerifyPasswordAsync(string password) =>
        Task.FromResult(state.State.PasswordHash.Length > 0 && PasswordHasher.Verify(password, state.State.PasswordHash));

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
        await state.WriteStateAsync();
        return summary;
    }

    public Task<IReadOnlyList<ConversationSummary>> ListConversationsAsync() =>
        Task.FromResult<IReadOnlyList<ConversationSummary>>(state.State.Conversations.OrderByDescending(c => c.CreatedAt).ToList());
}
