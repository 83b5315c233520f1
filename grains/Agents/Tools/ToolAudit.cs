using Sophia.Audit;

namespace Sophia.Agents.Tools;

/// <summary>A tool call in the audit log: the tool, the SHA-256 of its arguments (never the arguments), the outcome, by the turn's user.</summary>
public static class ToolAudit
{
    public static Task RecordAsync(ToolContext context, string tool, IEnumerable<KeyValuePair<string, object?>> arguments, bool succeeded, long durationMs)
    {
        var (tenant, conversation) = GrainKeys.Split(context.ConversationKey);
        return context.Audit.RecordAsync(tenant, context.Conversation.GetOwnerAsync, AuditActions.ToolCalled, tool,
            new { argumentsSha256 = ToolArguments.Sha256(arguments), conversation, durationMs },
            succeeded ? AuditOutcomes.Succeeded : AuditOutcomes.Failed);
    }
}
