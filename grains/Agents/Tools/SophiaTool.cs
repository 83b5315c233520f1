using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Sophia.Audit;
using Sophia.Chat;
using Sophia.Integrations;

namespace Sophia.Agents.Tools;

/// <summary>What a tool can reach while it runs for one turn, and the turn's quota that every tool call is taken from.</summary>
public sealed record ToolContext(IConversationGrain Conversation, string ConversationKey, IGrainFactory Grains, TimeProvider Time, IHttpClientFactory Http, ToolOptions Options, AuditRecorder Audit, QuotaGuard Quota, TenantToolCache TenantTools);

/// <summary>
/// A tool agents can call. Risky tools write outside Sophia or spend money: a person approves each call first.
/// A tool with <paramref name="IsAvailable"/> exists only when its settings are there.
/// </summary>
public sealed record SophiaTool(string Name, string Description, bool Risky, Func<ToolContext, AIFunction> Function, Func<ToolOptions, bool>? IsAvailable = null)
{
    /// <summary>A built-in tool implemented by a method: its parameters' names, types and descriptions make the schema.</summary>
    public SophiaTool(string Name, string Description, bool Risky, Func<ToolContext, Delegate> Implementation, Func<ToolOptions, bool>? IsAvailable = null)
        : this(Name, Description, Risky, context => new Deferred(Name, Description, () => FromMethod(Implementation(context), Name, Description)), IsAvailable)
    {
    }

    /// <summary>The function automatic function calling invokes for one turn.</summary>
    public AIFunction Create(ToolContext context) => Function(context);

    /// <summary>The method as a Semantic Kernel function, which is also an <see cref="AIFunction"/>.</summary>
    private static AIFunction FromMethod(Delegate implementation, string name, string description) =>
        new StandardSchema(KernelFunctionFactory.CreateFromMethod(implementation, name, description).WithKernel(Kernel));

    // A method's schema is the same on every turn, and making the function reads the method by reflection each time.
    private static readonly ConcurrentDictionary<string, JsonElement> Schemas = new();

    /// <summary>The tool as offered to the model on each turn: its schema made once, the function only when it is called.</summary>
    private sealed class Deferred(string name, string description, Func<AIFunction> create) : AIFunction
    {
        private readonly Lazy<AIFunction> _function = new(create);

        public override string Name => name;

        public override string Description => description;

        public override JsonElement JsonSchema => Schemas.GetOrAdd(name, _ => _function.Value.JsonSchema);

        protected override ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken) =>
            _function.Value.InvokeAsync(arguments, cancellationToken);
    }

    // Invoked as an AIFunction, a function without a kernel builds one from the caller's services, which have none of its own.
    private static readonly Kernel Kernel = new();

    /// <summary>
    /// Semantic Kernel repeats the description in the parameters schema under a non-standard <c>condition</c> keyword;
    /// providers that validate schemas strictly refuse it, so it is left out.
    /// </summary>
    private sealed class StandardSchema(AIFunction function) : DelegatingAIFunction(function)
    {
        public override JsonElement JsonSchema { get; } = WithoutCondition(function.JsonSchema);

        private static JsonElement WithoutCondition(JsonElement schema)
        {
            var node = JsonNode.Parse(schema.GetRawText())!.AsObject();
            node.Remove("condition");
            return JsonSerializer.SerializeToElement(node);
        }
    }
}
