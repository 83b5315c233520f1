namespace Sophia.ClientApi.Projects;

/// <summary>One step of a plan: what it was to do, where it stands (<c>queued</c>, <c>running</c>, <c>awaiting approval</c>, <c>approved</c>, <c>refused</c>, <c>done</c>, <c>failed</c>) and what it found.</summary>
public sealed record ProjectStep(int Number, string Agent, string? Tool, string Task, string State, string? Result, string? ApprovalId);

/// <summary>A plan the swarm made for one turn of one of the caller's conversations; its state is <c>planning</c>, <c>running</c>, <c>waiting</c>, <c>done</c> or <c>failed</c>.</summary>
public sealed record ProjectPlan(string ConversationId, string Conversation, long Turn, string Goal, DateTimeOffset At, string State, string? Problem, IReadOnlyList<ProjectStep> Steps);

/// <summary>A tool call waiting for the caller's decision, with the arguments it would run with.</summary>
public sealed record ProjectApproval(string ApprovalId, string ConversationId, string Conversation, long Turn, string Agent, string Tool, string Arguments, string Text, DateTimeOffset At);

/// <summary>A GitHub issue or pull request a conversation mentions.</summary>
public sealed record ProjectLink(string Url, string Repository, string Kind, int Number, string ConversationId, string Conversation);
