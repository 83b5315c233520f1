using System.Text.Json;
using Microsoft.Extensions.AI;
using Sophia.Integrations;

namespace Sophia.Agents.Tools;

/// <summary>The tools of the tenant's connected integrations, as agents call them: each call goes to its integration's grain.</summary>
public static class IntegrationTools
{
    /// <summary>The tools every connected integration of the conversation's tenant offers now.</summary>
    public static async Task<IReadOnlyList<SophiaTool>> OfTenantAsync(ToolContext context)
    {
        var (tenant, _) = GrainKeys.Split(context.ConversationKey);
        var specs = await context.TenantTools.ToolsAsync(tenant);
        return specs.Select(spec => new SophiaTool(spec.Name, spec.Description, spec.Risky, c => new IntegrationFunction(spec, c))).ToList();
    }

    /// <summary>What the approver of a risky integration call sees besides its arguments (a proposed change's diff).</summary>
    public static async Task<string?> PreviewAsync(ToolContext context, string tool, string argumentsJson)
    {
        var (tenant, _) = GrainKeys.Split(context.ConversationKey);
        var spec = (await context.TenantTools.ToolsAsync(tenant)).FirstOrDefault(t => t.Name == tool);
        return spec is null ? null : await Grain(context, spec).PreviewToolAsync(tool, argumentsJson);
    }

    private static IIntegrationGrain Grain(ToolContext context, IntegrationToolSpec spec) =>
        context.Grains.GetGrain<IIntegrationGrain>(IntegrationNames.Key(GrainKeys.Split(context.ConversationKey).Tenant, spec.Integration));

    /// <summary>A function whose schema is the provider's own, called for the conversation's owner.</summary>
    private sealed class IntegrationFunction(IntegrationToolSpec spec, ToolContext context) : AIFunction
    {
        public override string Name => spec.Name;

        public override string Description => spec.Description;

        public override JsonElement JsonSchema { get; } = JsonDocument.Parse(spec.InputSchema).RootElement.Clone();

        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            var owner = await context.Conversation.GetOwnerAsync();
            var json = JsonSerializer.Serialize(arguments.ToDictionary(a => a.Key, a => a.Value));
            return await Grain(context, spec).CallToolAsync(spec.Name, json, owner);
        }
    }
}
