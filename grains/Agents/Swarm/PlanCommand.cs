using System.Text.RegularExpressions;

namespace Sophia.Agents.Swarm;

/// <summary>
/// <c>/plan goal</c> asks the planner; <c>/plan</c> followed by lines <c>&lt;agent&gt; &lt;tool&gt; &lt;input&gt;</c> is a plan the
/// user wrote, which runs without a model.
/// </summary>
internal static partial class PlanCommand
{
    /// <summary>Parses a <c>/plan</c> command: the goal, plus the steps when the user wrote them out; false when it is no plan command.</summary>
    public static bool TryParse(string text, out string goal, out IReadOnlyList<PlanStep>? writtenSteps)
    {
        var match = Command().Match(text);
        (goal, writtenSteps) = (match.Success ? match.Groups[1].Value.Trim() : "", null);
        if (!match.Success)
        {
            return false;
        }

        var lines = goal.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var steps = lines.Select(l => WrittenStep().Match(l)).ToList();
        if (steps.Count > 0 && steps.All(s => s.Success && SwarmRoles.Of(s.Groups[1].Value)?.Tools.Contains(s.Groups[2].Value) == true))
        {
            writtenSteps = steps.Select((s, i) => new PlanStep(i + 1, s.Groups[1].Value, $"{s.Groups[2].Value} {s.Groups[3].Value}".Trim(), s.Groups[2].Value, s.Groups[3].Value.Trim())).ToList();
        }

        return true;
    }

    [GeneratedRegex(@"^\s*/plan(?:\s+([\s\S]*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex Command();

    [GeneratedRegex(@"^(?:\d+[.)]\s*)?([a-z]+)\s+([a-z_]+)(?:\s+(.*))?$")]
    private static partial Regex WrittenStep();
}
