using Sophia.Chat;

namespace Sophia.Agents;

/// <summary>A step as the conversation's event, for every agent that reports one.</summary>
internal static class StepEvents
{
    public static ChatEventDraft StepDraft(StepInfo step) => new(ChatEventTypes.Step, ChatRoles.Assistant, $"{step.Tool ?? step.Action}: {step.Status}", Step: step);
}
