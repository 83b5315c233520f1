using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
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
    /// <summary>The tool as a Semantic Kernel function, which is also the <see cref="AIFunction"/> automatic function calling invokes.</summary>
    public AIFunction Create(ToolContext context) => KernelFunctionFactory.CreateFromMethod(Implementation(context), Name, Description).WithKernel(Kernel);

    // Invoked as an AIFunction, a function without a kernel builds one from the caller's services, which have none of its own.
    private static readonly Kernel Kernel = new();
}
