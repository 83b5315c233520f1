namespace Sophia.Chat;

/// <summary>One entry of a conversation's append-only log, as every watcher sees it.</summary>
/// <param name="Seq">Position in the conversation, starting at 1, without gaps.</param>
/// <param name="Type">One of <see cref="ChatEventTypes"/>.</param>
/// <param name="Role">One of <see cref="ChatRoles"/>.</param>
/// <param name="Text">Message text, token delta, or error description.</param>
/// <param name="At">When the event was appended.</param>
/// <param name="Usage">On a <c>done</c> event: the tokens the turn spent and the model it used.</param>
/// <param name="Step">On a <c>step</c> event: which agent did what with which tool, and how it went.</param>
/// <param name="Turn">The turn the event belongs to: the seq of the user message it answers (a user message's own seq); 0 for history brought along.</param>
[GenerateSerializer, Immutable, Alias("sophia.ChatEvent")]
public sealed record ChatEvent(long Seq, string Type, string Role, string Text, DateTimeOffset At, TurnUsage? Usage = null, StepInfo? Step = null, long Turn = 0);

/// <summary>An event the mediator wants appended; the conversation assigns its sequence number.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ChatEventDraft")]
public sealed record ChatEventDraft(string Type, string Role, string Text, TurnUsage? Usage = null, StepInfo? Step = null);

/// <summary>One step of a turn as the user watches it: <c>running</c>, then <c>done</c> or <c>failed</c>; approvals go <c>pending</c>, then <c>approved</c> or <c>refused</c>.</summary>
/// <param name="Agent">The agent that took the step.</param>
/// <param name="Action">What it did, e.g. <c>call tool</c> or <c>approval</c>.</param>
/// <param name="Tool">The tool involved, if any.</param>
/// <param name="Status">Where the step stands.</param>
/// <param name="DurationMs">How long it took, once finished.</param>
/// <param name="Tokens">Model tokens it spent, where known.</param>
/// <param name="ApprovalId">On an approval step: the id to answer with the hub's <c>Approve</c>.</param>
[GenerateSerializer, Immutable, Alias("sophia.StepInfo")]
public sealed record StepInfo(string Agent, string Action, string? Tool, string Status, long DurationMs, long Tokens, string? ApprovalId = null);

/// <summary>What one agent's model calls in a turn cost.</summary>
[GenerateSerializer, Immutable, Alias("sophia.TurnUsage")]
public sealed record TurnUsage(string Agent, string Model, long InputTokens, long OutputTokens);

/// <summary>The event types a conversation stream carries.</summary>
public static class ChatEventTypes
{
    public const string Message = "message";
    public const string Delta = "delta";
    public const string Done = "done";
    public const string Error = "error";
    public const string Step = "step";
}

/// <summary>Who produced an event.</summary>
public static class ChatRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
}
