using Sophia.Tenancy;

namespace Sophia.Chat;

/// <summary>What the owner changes about a conversation besides its messages: its title, and stopping a running answer.</summary>
public sealed partial class ConversationGrain
{
    internal const string StoppedByUser = "Stopped: you stopped this answer.";

    public async Task<ConversationSummary> RenameAsync(string user, string title)
    {
        EnsureVisibleTo(user);
        var problem = string.IsNullOrWhiteSpace(title) ? "A conversation's title cannot be empty." : ChatLimits.CheckTitle(title);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        state.State.Title = title.Trim();
        return await SaveSummaryAsync();
    }

    public async Task<bool> StopAsync(string user)
    {
        EnsureVisibleTo(user);
        if (_openTurns.Count == 0)
        {
            return false;
        }

        await StopOpenTurnsAsync(StoppedByUser);
        return true;
    }

    /// <summary>Interrupts the mediator and closes every open turn with what it wrote so far and an error saying why it stopped.</summary>
    private async Task StopOpenTurnsAsync(string why)
    {
        var stopped = await Mediator.InterruptAsync();
        foreach (var seq in _openTurns.Keys.ToList())
        {
            _openTurns.Remove(seq);
            var partial = stopped.FirstOrDefault(s => s.UserSeq == seq)?.PartialAnswer is { Length: > 0 } text
                ? [new ChatEventDraft(ChatEventTypes.Message, ChatRoles.Assistant, text)]
                : Array.Empty<ChatEventDraft>();
            await AppendCoreAsync([.. partial, new ChatEventDraft(ChatEventTypes.Error, ChatRoles.Assistant, why)], seq);
        }

        OpenTurnsChanged();
    }

    private async Task<ConversationSummary> SaveSummaryAsync()
    {
        await state.WriteStateAsync();
        var summary = Summary();
        await GrainFactory.GetGrain<IUserGrain>(GrainKeys.Of(GrainKeys.Split(Key).Tenant, state.State.Owner)).UpdateConversationAsync(summary);
        return summary;
    }
}
