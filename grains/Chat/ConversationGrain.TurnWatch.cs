namespace Sophia.Chat;

/// <summary>Turns cut off by a crash are picked up again: at activation, and when a turn's events stop while its mediator is gone.</summary>
public sealed partial class ConversationGrain
{
    /// <summary>How long an open turn may go without an event before the conversation asks its mediator whether it still runs it.</summary>
    internal static readonly TimeSpan StalledAfter = TimeSpan.FromSeconds(10);

    private ChatEvent? _last;
    private long _lastAppendAt;

    /// <summary>A turn ends with done or error, or waits for a person at a pending approval; a log ending anywhere else was cut off.</summary>
    private static bool IsCutOff(ChatEvent? last) =>
        last is not (null or { Type: ChatEventTypes.Done or ChatEventTypes.Error } or { Step.Status: "pending" });

    // A silo that dies takes the mediator's activation with it while this conversation lives on elsewhere: nothing
    // else would notice that the turn stopped.
    private void WatchOpenTurns() => this.RegisterGrainTimer(CheckOpenTurnsAsync, new GrainTimerCreationOptions(StalledAfter, StalledAfter / 2));

    private async Task CheckOpenTurnsAsync(CancellationToken cancellationToken)
    {
        if (_openTurns.Count > 0 && IsCutOff(_last) && time.GetElapsedTime(_lastAppendAt) >= StalledAfter)
        {
            await Mediator.ResumeCutOffTurnAsync(_openTurns.Min());
        }
    }

    /// <summary>
    /// The last answer was cut off (the process died): have the mediator pick that turn up again rather than leave it
    /// hanging. A mediator that is in fact still running the turn ignores the request.
    /// </summary>
    private async Task ResumeUnfinishedTurnAsync(CancellationToken cancellationToken)
    {
        var asked = await log.ReadRecentAsync(Key, _lastSeq, 1, ChatEventTypes.Message, cancellationToken);
        if (asked is not [{ Role: ChatRoles.User } message])
        {
            return;
        }

        _openTurns.Add(message.Seq);
        await Mediator.ResumeCutOffTurnAsync(message.Seq);
    }
}
