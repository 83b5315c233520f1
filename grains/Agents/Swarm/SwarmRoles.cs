using Sophia.Agents.Factory;
using Sophia.Agents.Tools;

namespace Sophia.Agents.Swarm;

/// <summary>What each specialist is for and which tools it may call; the planner plans with the same list.</summary>
public static class SwarmRoles
{
    public static readonly SwarmRole Researcher = new(
        SwarmAgents.Researcher,
        "You are Sophia's researcher. Find the facts the step asks for with your tools, and report them briefly with where each came from: a memory passage as [n] with its document name, a page with its URL. Never invent a source.",
        [BuiltInTools.ReadWebPage.Name, MemoryTools.SearchMemory.Name, BuiltInTools.SearchConversation.Name, BuiltInTools.CurrentTime.Name, ToolCatalog.AllIntegrationTools]);

    public static readonly SwarmRole Coder = new(
        SwarmAgents.Coder,
        "You are Sophia's coder. Write the code, query or data transformation the step asks for, correct and minimal, with one line on how to run it. Deliver results with your tools when the step says so.",
        [BuiltInTools.CurrentTime.Name, BuiltInTools.SearchConversation.Name, BuiltInTools.PostWebhook.Name, "github_*"]);

    public static readonly IReadOnlyList<SwarmRole> All = [Researcher, Coder];

    public static SwarmRole? Of(string agent) => All.FirstOrDefault(r => r.Agent == agent);
}

/// <summary>A specialist agent's name, role prompt and tools.</summary>
public sealed record SwarmRole(string Agent, string Instructions, IReadOnlyList<string> Tools);
