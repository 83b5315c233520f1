using Microsoft.Extensions.AI;
using Sophia.Chat;

namespace Sophia.Agents.Tools;

/// <summary>What a tool can reach while it runs for one turn.</summary>
public sealed record ToolContext(IConversationGrain Conversation, TimeProvider Time, IHttpClientFactory Http, ToolOptions Options);

/// <summary>
/// A tool agents can call. Risky tools write outside Sophia or spend money: a person approves each call first.
/// A tool with <paramref name="IsAvailable"/> exists only when its settings are there.
/// </summary>
public sealed record SophiaTool(string Name, string Description, bool Risky, Func<ToolContext, Delegate> Implementation, Func<ToolOptions, bool>? IsAvailable = null)
{
    public AIFunction Create(ToolContext context) => AIFunctionFactory.Create(Implementation(context), Name, Description);
}
