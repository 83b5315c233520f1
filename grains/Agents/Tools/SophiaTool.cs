using Microsoft.Extensions.AI;
using Sophia.Chat;

namespace Sophia.Agents.Tools;

/// <summary>What a tool can reach while it runs for one turn.</summary>
public sealed record ToolContext(IConversationGrain Conversation, TimeProvider Time);

/// <summary>A tool agents can call. Risky tools write outside Sophia or spend money, and will need a person's approval.</summary>
public sealed record SophiaTool(string Name, string Description, bool Risky, Func<ToolContext, Delegate> Implementation)
{
    public AIFunction Create(ToolContext context) => AIFunctionFactory.Create(Implementation(context), Name, Description);
}
