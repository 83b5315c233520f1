namespace Sophia.Chat;

/// <summary>
/// Open turns reach their mediator and are picked up again when it is lost: at activation, as soon as a silo is
/// declared dead (<see cref="OpenTurnRegistry"/>), when a turn's events stop, and on a reminder that brings the
/// conversation back after its own silo died.
/// </summary>
public sealed partial class ConversationGrain
{
    /// <summary>How long an open turn may go without an event before the conversation asks its mediator again.</summary>
    internal static readonly TimeSpan StalledAfter = TimeSpan.FromSeconds(10);

    private const string OpenTurnsReminder = "open-turns";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    // seq of the user message -> whether any event of its turn was written.
    private readonly SortedDictionary<long, bool> _openTurns = [];
    private long _lastAppendAt;
    private bool _reminderRegistered;
    private Task _registeringReminder = Task.CompletedTask;

    // Made once: Orleans resolves a reference's interface type by reflection on each GetGrain.
    private IMediatorAgentGrain Mediator => _mediator ??= GrainFactory.GetGrain<IMediatorAgentGrain>(Key);
    private IMediatorAgentGrain? _mediator;

    public Task CheckTurnsAsync()
    {
        OpenTurnsChanged();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_openTurns.Count == 0)
        {
            return ForgetReminderAsync();
        }

        OpenTurnsChanged();
        return Task.CompletedTask;
    }

    private void WatchOpenTurns() => this.RegisterGrainTimer(CheckStalledTurnsAsync, new GrainTimerCreationOptions(StalledAfter, StalledAfter / 2));

    private Task CheckStalledTurnsAsync(CancellationToken cancellationToken)
    {
        if (_openTurns.Count > 0 && time.GetElapsedTime(_lastAppendAt) >= StalledAfter)
        {
            OpenTurnsChanged();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Keeps the dead-silo registry, the reminder and the mediator in line with the open turns. The mediator hears of
    /// them after the caller's answer, so an acknowledgement never waits on the mediator (it may be on a dying silo).
    /// </summary>
    private void OpenTurnsChanged()
    {
        if (_openTurns.Count == 0)
        {
            registry.Remove(Key);
            return;
        }

        registry.Add(Key);
        if (!_reminderRegistered && _registeringReminder.IsCompleted)
        {
            _registeringReminder = RegisterReminderAsync();
        }

        _ = HandOverAsync();
    }

    // Each hand-over is independent and safe to repeat, so a slow one never holds back the next.
    private async Task HandOverAsync()
    {
        try
        {
            await SyncMediatorAsync();
            logger.LogDebug("Handed {Count} open turn(s) of {Conversation} over", _openTurns.Count, Key);
        }
        catch (Exception ex)
        {
            // The turns are in the log: the stall watch, the registry and the reminder hand them over again.
            logger.LogWarning("Could not hand the open turns of {Conversation} over: {Reason}", Key, ex.Message);
        }
    }

    private async Task RegisterReminderAsync()
    {
        try
        {
            await this.RegisterOrUpdateReminder(OpenTurnsReminder, ReminderPeriod, ReminderPeriod);
            _reminderRegistered = true;
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not register the open-turns reminder of {Conversation}: {Reason}", Key, ex.Message);
        }
    }

    /// <summary>
    /// Hands the open turns to the mediator, retried while a silo that just died can still be picked for the call. A
    /// failure leaves them open (they are in the log); the watch, the registry and the reminder hand them over again.
    /// </summary>
    private Task SyncMediatorAsync() =>
        SiloCallRetry.RunAsync(() => Mediator.SyncTurnsAsync(_openTurns.Select(t => new OpenTurn(t.Key, t.Value)).ToList()), CancellationToken.None);

    private async Task ForgetReminderAsync()
    {
        if (await this.GetReminder(OpenTurnsReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
    }
}
