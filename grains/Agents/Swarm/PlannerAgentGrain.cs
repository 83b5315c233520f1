using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Sophia.Chat;

namespace Sophia.Agents.Swarm;

/// <summary>Turns a goal into numbered steps for the researcher and the coder, each with the tool it needs.</summary>
public sealed class PlannerAgentGrain(ChatModel model) : Grain, IPlannerAgentGrain
{
    public const int MaxSteps = 8;

    private static readonly string Instructions =
        "You are Sophia's planner. Break the user's goal into at most " + MaxSteps + " numbered steps for these agents:\n" +
        string.Join("\n", SwarmRoles.All.Select(r => $"- {r.Agent}: tools {string.Join(", ", r.Tools)}")) +
        "\nAnswer with JSON only: {\"steps\":[{\"agent\":\"researcher\",\"task\":\"what to achieve\",\"tool\":\"read_web_page or null\"}]}";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ConversationOwner Owner => _owner ??= new ConversationOwner(GrainFactory, GrainFactory.GetGrain<IConversationGrain>(this.GetPrimaryKeyString()));
    private ConversationOwner? _owner;

    public async Task<PlanOutcome> PlanAsync(string goal, IReadOnlyList<string> history, CancellationToken cancellationToken)
    {
        var context = history.Count == 0 ? "" : "The conversation so far:\n" + string.Join("\n", history) + "\n\n";
        ChatMessage[] messages = [new(ChatRole.System, Instructions), new(ChatRole.User, $"{context}Goal: {goal}")];
        var quota = new QuotaGuard(Owner);
        var response = await quota.Meter(model.Client).GetResponseAsync(messages, new ChatOptions { ResponseFormat = ChatResponseFormat.Json }, cancellationToken);
        var usage = response.ModelId is null && response.Usage is null
            ? null
            : new TurnUsage(SwarmAgents.Planner, response.ModelId ?? model.ModelId ?? "", response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
        var (steps, problem) = Parse(response.Text);
        return new PlanOutcome(steps, problem, usage);
    }

    /// <summary>The steps of the planner's JSON, or what is wrong with it.</summary>
    internal static (IReadOnlyList<PlanStep> Steps, string? Problem) Parse(string text)
    {
        PlanJson? plan;
        try
        {
            var json = text.Trim();
            json = json.StartsWith("```", StringComparison.Ordinal) ? json[(json.IndexOf('\n') + 1)..json.LastIndexOf("```", StringComparison.Ordinal)] : json;
            plan = JsonSerializer.Deserialize<PlanJson>(json, Json);
        }
        catch (JsonException)
        {
            var answer = text.Trim();
            return ([], $"The planner's answer is not the JSON plan asked for: {(answer.Length > 1000 ? answer[..1000] + "…" : answer)}");
        }

        var steps = (plan?.Steps ?? []).Select((s, i) => new PlanStep(i + 1, s.Agent ?? "", s.Task ?? "", string.IsNullOrWhiteSpace(s.Tool) || s.Tool == "null" ? null : s.Tool)).ToList();
        var problem = steps.Count is 0 or > MaxSteps ? $"The planner returned {steps.Count} steps; a plan has 1 to {MaxSteps}."
            : steps.FirstOrDefault(s => SwarmRoles.Of(s.Agent) is null) is { } unknown ? $"Step {unknown.Number} names the unknown agent '{unknown.Agent}'."
            : steps.FirstOrDefault(s => s.Tool is not null && !SwarmRoles.Of(s.Agent)!.Tools.Contains(s.Tool)) is { } wrong ? $"Step {wrong.Number} gives the {wrong.Agent} the tool '{wrong.Tool}', which it does not have."
            : steps.FirstOrDefault(s => string.IsNullOrWhiteSpace(s.Task)) is { } empty ? $"Step {empty.Number} has no task."
            : null;
        return problem is null ? (steps, null) : ([], problem);
    }

    private sealed record PlanJson([property: JsonPropertyName("steps")] List<StepJson>? Steps);

    private sealed record StepJson(string? Agent, string? Task, string? Tool);
}
