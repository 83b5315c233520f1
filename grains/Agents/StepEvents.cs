using Sophia.Chat;

namespace Sophia.Agents;

/// <summary>A step as the conversation's event, for every agent that reports one.</summary>
internal static class StepEvents
{
    /// <param name="step">Who did what, and how it went.</param>
    /// <param name="detail">What the step returned that the person may see with it (a memory search's passages); else the step in words.</param>
    public static ChatEventDraft StepDraft(StepInfo step, string? detail = null) =>
        new(ChatEventTypes.Step, ChatRoles.Assistant, detail ?? $"{step.Tool ?? step.Action}: {step.Status}", Step: step);
}
