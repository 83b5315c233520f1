namespace Sophia.Agents;

/// <summary>A tool call that waits for a person: what would run, and what they decided.</summary>
/// <param name="ConversationKey">The conversation whose turn asked (<c>tenant/conversationId</c>).</param>
/// <param name="Owner">The user who may decide.</param>
/// <param name="TurnSeq">The user message the paused turn answers.</param>
/// <param name="CallId">The model's id for the tool call.</param>
/// <param name="Tool">The risky tool.</param>
/// <param name="Arguments">The call's arguments as JSON.</param>
[GenerateSerializer, Immutable, Alias("sophia.ApprovalRequest")]
public sealed record ApprovalRequest(string ConversationKey, string Owner, long TurnSeq, string CallId, string Tool, string Arguments);

/// <summary>Where an approval stands; <c>Result</c> is set once the approved tool has run.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ApprovalStatus")]
public sealed record ApprovalStatus(ApprovalRequest Request, bool? Approved, string? Comment, bool RunStarted, string? Result);

/// <summary>One pending human decision (key <c>tenant/approvalId</c>); it survives restarts.</summary>
[Alias("sophia.IApprovalGrain")]
public interface IApprovalGrain : IGrainWithStringKey
{
    /// <summary>Records the request; called once, by the mediator that paused.</summary>
    [Alias("Request")]
    Task RequestAsync(ApprovalRequest request);

    /// <summary>The approval, or null when there is none.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<ApprovalStatus?> GetAsync();

    /// <summary>
    /// The owner's decision for this conversation; then the paused turn resumes. The same decision again is a harmless
    /// retry; fails when it is not theirs or was decided the other way.
    /// </summary>
    [Alias("Decide")]
    Task DecideAsync(string user, string conversationKey, bool approved, string? comment);

    /// <summary>Recorded just before the approved tool runs, so a crash mid-call is never mistaken for "not run yet".</summary>
    [Alias("MarkRunStarted")]
    Task MarkRunStartedAsync();

    /// <summary>Recorded after the approved tool ran.</summary>
    [Alias("RecordResult")]
    Task RecordResultAsync(string result);
}
