namespace Sophia.Agents;

/// <summary>Turns a goal into numbered steps for the other agents (key <c>tenant/conversationId</c>).</summary>
[Alias("sophia.IPlannerAgentGrain")]
public interface IPlannerAgentGrain : IGrainWithStringKey
{
    /// <summary>Plans <paramref name="goal"/> given the conversation so far; one model call.</summary>
    [Alias("Plan"), ResponseTimeout("00:10:00")]
    Task<PlanOutcome> PlanAsync(string goal, IReadOnlyList<string> history, CancellationToken cancellationToken = default);
}

/// <summary>An agent that carries out plan steps with its role and tools (key <c>tenant/conversationId</c>).</summary>
[Alias("sophia.ISpecialistAgentGrain")]
public interface ISpecialistAgentGrain : IGrainWithStringKey
{
    /// <summary>Runs one step; its tool calls appear on the conversation as they happen.</summary>
    [Alias("RunStep"), ResponseTimeout("00:10:00")]
    Task<StepOutcome> RunStepAsync(StepRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Finds things out: web pages, the conversation, memory.</summary>
[Alias("sophia.IResearcherAgentGrain")]
public interface IResearcherAgentGrain : ISpecialistAgentGrain;

/// <summary>Writes and explains code and data transformations.</summary>
[Alias("sophia.ICoderAgentGrain")]
public interface ICoderAgentGrain : ISpecialistAgentGrain;

/// <summary>One tool call under an idempotency key (key <c>tenant/conversationId/turn/step/call</c>), so a resumed turn never runs it twice.</summary>
[Alias("sophia.IToolRunGrain")]
public interface IToolRunGrain : IGrainWithStringKey
{
    /// <summary>Records that the call starts, unless it was already recorded; returns the earlier record, or null when this is the first run.</summary>
    [Alias("Begin")]
    Task<ToolRunRecord?> BeginAsync();

    /// <summary>Records the call's result.</summary>
    [Alias("Complete")]
    Task CompleteAsync(string result);
}
