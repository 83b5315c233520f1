using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Cronos;
using Sophia.Chat;
using Sophia.Integrations;
using Sophia.Tenancy;

namespace Sophia.Automation;

/// <summary>
/// Runs one schedule. A reminder is the durable wake-up; a grain timer aims at the exact occurrence when it is near.
/// Each wake-up only asks what is due by the clock, and runs the latest due occurrence once: older missed ones are
/// skipped, and a run retried after a crash posts with the same request id, which the conversation deduplicates.
/// </summary>
public sealed class ScheduleGrain(
    [PersistentState("schedule", "sophia")] IPersistentState<ScheduleState> state,
    IOptions<ScheduleOptions> options,
    [FromKeyedServices(ScheduleOptions.ClockKey)] TimeProvider time,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    private const string ReminderName = "schedule";
    private IGrainTimer? _exact;

    private string Id => GrainKeys.Split(this.GetPrimaryKeyString()).Local;

    private string Tenant => GrainKeys.Split(this.GetPrimaryKeyString()).Tenant;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ArmExactTimer();
        return Task.CompletedTask;
    }

    public async Task<ScheduleStatus> CreateAsync(string owner, ScheduleSpec spec)
    {
        if (state.State.Spec is not null)
        {
            throw new ArgumentException($"Schedule '{Id}' already exists.");
        }

        spec = ScheduleRules.Check(spec);
        if (spec is { Kind: ScheduleKinds.Agent, ConversationId: null })
        {
            var created = await GrainFactory.GetGrain<IUserGrain>(GrainKeys.Of(Tenant, owner)).CreateConversationAsync(spec.Name[..Math.Min(spec.Name.Length, ChatLimits.MaxTitleLength)], spec.Agent);
            spec = spec with { ConversationId = created.Id };
        }

        state.State = new ScheduleState { Spec = spec, Owner = owner, CreatedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, options.Value.CheckInterval, options.Value.CheckInterval);
        ArmExactTimer();
        return Status()!;
    }

    public Task<ScheduleStatus?> GetAsync() => Task.FromResult(Status());

    public async Task<ScheduleStatus?> SetPausedAsync(bool paused)
    {
        if (state.State.Spec is null || state.State.Paused == paused)
        {
            return Status();
        }

        // Occurrences that passed while paused are not run on resume: the next run is the next occurrence from now.
        (state.State.Paused, state.State.LastOccurrence) = (paused, paused ? state.State.LastOccurrence : Latest(time.GetUtcNow()) ?? state.State.LastOccurrence);
        await state.WriteStateAsync();
        ArmExactTimer();
        return Status();
    }

    public async Task<bool> DeleteAsync()
    {
        _exact?.Dispose();
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        var existed = state.State.Spec is not null;
        await state.ClearStateAsync();
        return existed;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Spec is null)
        {
            // A schedule deleted while its reminder was being delivered: nothing left to wake up for.
            if (await this.GetReminder(ReminderName) is { } orphan)
            {
                await this.UnregisterReminder(orphan);
            }

            return;
        }

        await RunDueAsync();
    }

    private async Task RunDueAsync()
    {
        if (state.State is { Spec: not null, Paused: false } && Latest(time.GetUtcNow()) is { } occurrence)
        {
            await RunAsync(occurrence);
        }

        ArmExactTimer();
    }

    private async Task RunAsync(DateTimeOffset occurrence)
    {
        var spec = state.State.Spec!;
        var requestId = $"schedule:{Id}:{occurrence.UtcDateTime:O}";
        string? error = null;
        try
        {
            if (spec.Kind == ScheduleKinds.Agent)
            {
                await GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Of(Tenant, spec.ConversationId!)).PostAsync(state.State.Owner, spec.Prompt!, requestId);
            }
            else
            {
                await GrainFactory.GetGrain<IIntegrationGrain>(IntegrationNames.Key(Tenant, spec.Integration!)).StartSyncAsync();
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IntegrationRefusedException or ConversationBusyException or UnauthorizedAccessException)
        {
            // A refusal will not pass on a retry: it is recorded for the owner and the occurrence counts as done.
            error = ex.Message;
            logger.LogWarning("Schedule {Schedule} could not run its {Occurrence:O} occurrence: {Reason}", this.GetPrimaryKeyString(), occurrence, ex.Message);
        }

        (state.State.LastOccurrence, state.State.LastRunAt, state.State.LastError) = (occurrence, time.GetUtcNow(), error);
        state.State.Runs += error is null ? 1 : 0;
        await state.WriteStateAsync();
    }

    /// <summary>The latest occurrence after the last one done (or the creation) and not after <paramref name="now"/>.</summary>
    private DateTimeOffset? Latest(DateTimeOffset now)
    {
        var (cron, zone) = Parsed();
        var from = (state.State.LastOccurrence ?? state.State.CreatedAt).UtcDateTime;
        return from >= now.UtcDateTime ? null
            : cron.GetOccurrences(from, now.UtcDateTime, zone, fromInclusive: false, toInclusive: true).Select(o => (DateTimeOffset?)new DateTimeOffset(o, TimeSpan.Zero)).LastOrDefault();
    }

    private DateTimeOffset? Next()
    {
        var (cron, zone) = Parsed();
        var from = state.State.LastOccurrence ?? state.State.CreatedAt;
        return cron.GetNextOccurrence(from.UtcDateTime, zone) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    /// <summary>The reminder wakes the grain at most once a check interval; when the next occurrence is nearer, a timer hits it exactly.</summary>
    private void ArmExactTimer()
    {
        _exact?.Dispose();
        _exact = null;
        if (state.State is not { Spec: not null, Paused: false } || Next() is not { } next)
        {
            return;
        }

        var wait = next - time.GetUtcNow();
        if (wait <= options.Value.CheckInterval)
        {
            _exact = this.RegisterGrainTimer(_ => RunDueAsync(), new GrainTimerCreationOptions(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan));
        }
    }

    private (CronExpression Cron, TimeZoneInfo Zone) Parsed() =>
        (ScheduleRules.ParseCron(state.State.Spec!.Cron), ScheduleRules.ParseTimeZone(state.State.Spec.TimeZone));

    private ScheduleStatus? Status() => state.State.Spec is not { } spec ? null
        : new ScheduleStatus(Id, spec, state.State.Owner, state.State.Paused, state.State.CreatedAt, state.State.Paused ? null : Next(),
            state.State.LastOccurrence, state.State.LastRunAt, state.State.LastError, state.State.Runs);
}
