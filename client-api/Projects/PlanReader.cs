using System.Text.RegularExpressions;

namespace Sophia.ClientApi.Projects;

/// <summary>Rebuilds the swarm's plans from a conversation's <c>step</c> events: the planner's <c>plan</c>, then each <c>step N</c> and its approvals.</summary>
public static partial class PlanReader
{
    private const int MaxResultChars = 600;

    /// <summary>The plans of one conversation, oldest first; <paramref name="messages"/> gives each turn's goal.</summary>
    public static IReadOnlyList<ProjectPlan> Read(string conversationId, string title, IReadOnlyList<ChatEvent> steps, IReadOnlyDictionary<long, string> messages)
    {
        var plans = new List<ProjectPlan>();
        foreach (var turn in steps.Where(e => e.Step is not null).GroupBy(e => e.Turn))
        {
            var events = turn.OrderBy(e => e.Seq).ToList();
            var planEvents = events.Where(e => e.Step!.Action == "plan").ToList();
            if (planEvents.Count == 0)
            {
                continue;
            }

            var plan = planEvents[^1];
            var numbered = new SortedDictionary<int, ProjectStep>();
            foreach (var line in plan.Step!.Status == "done" ? plan.Text.Split('\n') : [])
            {
                if (PlanLine().Match(line.Trim()) is { Success: true } m)
                {
                    var number = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    numbered[number] = new ProjectStep(number, m.Groups[2].Value, m.Groups[3].Success ? m.Groups[3].Value : null, m.Groups[4].Value, "queued", null, null);
                }
            }

            int? current = null;
            foreach (var e in events.Where(e => e.Seq > plan.Seq))
            {
                var step = e.Step!;
                if (step.Action.StartsWith("step ", StringComparison.Ordinal) && int.TryParse(step.Action[5..], out var number) && numbered.TryGetValue(number, out var known))
                {
                    current = step.Status == "running" ? number : current;
                    numbered[number] = known with { State = step.Status, Result = step.Status == "running" ? known.Result : Shorten(e.Text) };
                }
                else if (step.Action == "approval" && current is { } running && numbered.TryGetValue(running, out var waiting))
                {
                    numbered[running] = waiting with { State = step.Status == "pending" ? "awaiting approval" : step.Status, ApprovalId = step.ApprovalId };
                }
            }

            var all = numbered.Values.ToList();
            var state = plan.Step.Status switch
            {
                "failed" => "failed",
                "running" => "planning",
                _ when all.Any(s => s.State == "awaiting approval") => "waiting",
                _ when all.Count > 0 && all.All(s => s.State is "done" or "failed") => "done",
                _ => "running",
            };
            var goal = messages.TryGetValue(turn.Key, out var text) ? GoalOf(text) : "";
            plans.Add(new ProjectPlan(conversationId, title, turn.Key, goal, events[0].At, state, plan.Step.Status == "failed" ? plan.Text : null, all));
        }

        return plans;
    }

    private static string GoalOf(string message) => Shorten(message.StartsWith("/plan ", StringComparison.Ordinal) ? message[6..].Trim() : message.Trim())!;

    private static string? Shorten(string? text) => text is { Length: > MaxResultChars } ? text[..MaxResultChars] + "…" : text;

    [GeneratedRegex(@"^(\d+)\. ([\w-]+)(?: \(([^)]+)\))?: (.*)$")]
    private static partial Regex PlanLine();
}
