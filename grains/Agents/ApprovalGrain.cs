using Sophia.Audit;
using Sophia.Chat;

namespace Sophia.Agents;

/// <summary>
/// Keeps one pending human decision and, once decided, resumes the turn that waits for it. Deciding is one durable
/// step: the decision is written, then a reminder retries the resume until the mediator has taken it.
/// </summary>
public sealed class ApprovalGrain(
    [PersistentState("approval", "sophia")] IPersistentState<ApprovalGrainState> state,
    AuditRecorder audit,
    TimeProvider time,
    ILogger<ApprovalGrain> logger) : Grain, IApprovalGrain, IRemindable
{
    private const int MaxCommentLength = 2000;
    private const string ResumeReminder = "resume";

    public async Task RequestAsync(ApprovalRequest request)
    {
        if (state.RecordExists)
        {
            throw new InvalidOperationException("This approval id is already taken.");
        }

        state.State = new ApprovalGrainState { Request = request };
        await state.WriteStateAsync();
        var (tenant, conversation) = GrainKeys.Split(request.ConversationKey);
        Automation.WebhookPublisher.Publish(GrainFactory, tenant, Automation.WebhookEvents.ApprovalPending,
            new { approvalId = GrainKeys.Split(this.GetPrimaryKeyString()).Local, conversationId = conversation, user = request.Owner, turn = request.TurnSeq, tool = request.Tool },
            time.GetUtcNow(), logger);
    }

    public Task<ApprovalStatus?> GetAsync() => Task.FromResult(state.State.Request is { } request
        ? new ApprovalStatus(request, state.State.Approved, state.State.Comment, state.State.RunStarted, state.State.Result)
        : null);

    public async Task DecideAsync(string user, string conversationKey, bool approved, string? comment)
    {
        var id = GrainKeys.Split(this.GetPrimaryKeyString()).Local;
        var problem = state.State.Request is not { } request || request.ConversationKey != conversationKey || request.Owner != user
                ? $"Unknown approval '{id}' in this conversation."
            : state.State.Approved is { } earlier && earlier != approved ? $"Approval '{id}' was already {(earlier ? "approved" : "refused")}."
            : comment is { Length: > MaxCommentLength } ? $"The comment is {comment.Length} characters; the limit is {MaxCommentLength}."
            : null;
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        // The same decision again is a retry after an answer that was lost: it records nothing new, but resumes again.
        if (state.State.Approved is null)
        {
            (state.State.Approved, state.State.Comment) = (approved, comment);
            await state.WriteStateAsync();
            var (tenant, conversation) = GrainKeys.Split(conversationKey);
            await audit.RecordAsync(tenant, user, AuditActions.ApprovalDecided, state.State.Request!.Tool,
                new { approval = id, conversation, decision = approved ? "approved" : "refused" });
        }

        var reminder = await TryRegisterResumeReminderAsync();
        if (await TryResumeAsync() && reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    // While silos change, the reminder service can refuse for a moment; the conversation's own watch still finds a
    // decided approval whose turn did not continue, so the decision stands either way.
    private async Task<IGrainReminder?> TryRegisterResumeReminderAsync()
    {
        try
        {
            return await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            logger.LogWarning("Could not register the resume reminder of approval {Approval}: {Reason}", this.GetPrimaryKeyString(), ex.Message);
            return null;
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Approved is null || await TryResumeAsync())
        {
            await this.UnregisterReminder((await this.GetReminder(reminderName))!);
        }
    }

    public async Task MarkRunStartedAsync()
    {
        state.State.RunStarted = true;
        await state.WriteStateAsync();
    }

    public async Task RecordResultAsync(string result)
    {
        state.State.Result = result;
        await state.WriteStateAsync();
    }

    // The decision is already durable: a failed resume is not the user's error, so it is retried by the reminder.
    private async Task<bool> TryResumeAsync()
    {
        var request = state.State.Request!;
        try
        {
            await GrainFactory.GetGrain<IMediatorAgentGrain>(request.ConversationKey).ResumeAsync(GrainKeys.Split(this.GetPrimaryKeyString()).Local, request.TurnSeq);
            return true;
        }
        catch (Exception ex) when (ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            logger.LogWarning("Resuming {Conversation}#{Seq} after its approval failed ({Reason}); a reminder retries it", request.ConversationKey, request.TurnSeq, ex.Message);
            return false;
        }
    }
}

/// <summary>What an approval persists.</summary>
[GenerateSerializer, Alias("sophia.ApprovalGrainState")]
public sealed class ApprovalGrainState
{
    [Id(0)] public ApprovalRequest? Request { get; set; }
    [Id(1)] public bool? Approved { get; set; }
    [Id(2)] public string? Comment { get; set; }
    [Id(3)] public bool RunStarted { get; set; }
    [Id(4)] public string? Result { get; set; }
}
