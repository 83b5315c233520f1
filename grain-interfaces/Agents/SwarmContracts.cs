namespace Sophia.Agents;

/// <summary>One numbered step of a plan: which agent does what, with which tool.</summary>
/// <param name="Number">Position in the plan, from 1.</param>
/// <param name="Agent"><c>researcher</c> or <c>coder</c>.</param>
/// <param name="Task">What the step must achieve, in words.</param>
/// <param name="Tool">The tool the step needs, if any.</param>
/// <param name="Input">For a step the user wrote out: the tool's input, so it runs without a model.</param>
[GenerateSerializer, Immutable, Alias("sophia.PlanStep")]
public sealed record PlanStep(int Number, string Agent, string Task, string? Tool, string? Input = null);

/// <summary>The planner's answer: the steps, or why there are none.</summary>
[GenerateSerializer, Immutable, Alias("sophia.PlanOutcome")]
public sealed record PlanOutcome(IReadOnlyList<PlanStep> Steps, string? Problem, Chat.TurnUsage? Usage);

/// <summary>A tool call an agent wants to make and a person must approve first.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ToolCallRequest")]
public sealed record ToolCallRequest(string CallId, string Tool, string Arguments);

/// <summary>An approved call that has run: the agent continues from its result.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ApprovedToolCall")]
public sealed record ApprovedToolCall(ToolCallRequest Call, string Result);

/// <summary>A step handed to an agent, with the goal and what the earlier steps found.</summary>
[GenerateSerializer, Immutable, Alias("sophia.StepRequest")]
public sealed record StepRequest(long TurnSeq, string Goal, PlanStep Step, IReadOnlyList<StepOutcome> Earlier, ApprovedToolCall? Approved = null);

/// <summary>What a step produced; <c>PendingApproval</c> set means it waits for a person before it can finish.</summary>
[GenerateSerializer, Immutable, Alias("sophia.StepOutcome")]
public sealed record StepOutcome(int Number, string Agent, string Text, bool Succeeded, Chat.TurnUsage? Usage, ToolCallRequest? PendingApproval = null);

/// <summary>What is known of one tool call made under an idempotency key.</summary>
[GenerateSerializer, Immutable, Alias("sophia.ToolRunRecord")]
public sealed record ToolRunRecord(bool Started, string? Result);

/// <summary>The agents a plan can hand steps to.</summary>
public static class SwarmAgents
{
    public const string Mediator = "mediator";
    public const string Planner = "planner";
    public const string Researcher = "researcher";
    public const string Coder = "coder";

    public static readonly IReadOnlyList<string> Specialists = [Researcher, Coder];
}
