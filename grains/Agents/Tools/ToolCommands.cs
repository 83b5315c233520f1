using Microsoft.Extensions.AI;
using Sophia.Agents.Factory;

namespace Sophia.Agents.Tools;

/// <summary>What an explicit command did: the reply, and the tool it ran (if any) with how that went.</summary>
public sealed record CommandResult(string Reply, string? Tool = null, bool Succeeded = true, long DurationMs = 0);

/// <summary>
/// Explicit commands that work with or without a model: <c>/tools</c> lists the tools an agent may use, and
/// <c>/run tool input</c> runs one, the input going to the tool's single parameter.
/// </summary>
public static class ToolCommands
{
    public const string Usage = "Commands: /tools lists the tools, /run <tool> [input] runs one, /plan <goal> has the planner, researcher and coder work on it (or write the steps yourself, one per line: <researcher|coder> <tool> <input>).";

    public static bool IsCommand(string text) => text.TrimStart().StartsWith('/');

    /// <summary>The tool a <c>/run</c> command names, when it names one the agent may use; null otherwise.</summary>
    public static SophiaTool? ToolOf(string text, IReadOnlyCollection<string> allowed) =>
        Parse(text) is ("/run", { } name, _) ? Allowed(allowed).FirstOrDefault(t => t.Name == name) : null;

    /// <summary>Runs the command; a tool it runs is recorded under <paramref name="turnKey"/>, so a turn resumed after a crash does not run it twice.</summary>
    public static async Task<CommandResult> RunAsync(string text, IReadOnlyCollection<string> allowed, ToolContext context, string turnKey, CancellationToken cancellationToken)
    {
        switch (Parse(text))
        {
            case ("/tools", _, _):
                var tools = ToolCatalog.Available(allowed, context.Options).ToList();
                return new CommandResult(tools.Count == 0
                    ? "This agent may not use any tool."
                    : "Tools:\n" + string.Join("\n", tools.Select(t => $"- {t.Name}{(t.Risky ? " (risky)" : "")}: {t.Description}")));
            case ("/run", null, _):
                return new CommandResult($"Name the tool to run. {Usage}");
            case ("/run", { } name, var input):
                return ToolOf(text, allowed) is { } tool
                    ? await RunToolAsync(tool, input, context, turnKey, cancellationToken)
                    : BuiltInTools.IsRisky(name)
                        ? new CommandResult($"{name} is risky, so it runs only with a person's approval: ask for it in plain words and approve the call.")
                        : new CommandResult($"Unknown tool '{name}'. /tools lists the tools this agent may use.");
            default:
                return new CommandResult($"Unknown command. {Usage}");
        }
    }

    private static async Task<CommandResult> RunToolAsync(SophiaTool tool, string input, ToolContext context, string turnKey, CancellationToken cancellationToken)
    {
        var function = new RecordedTool(tool.Create(context), context.Grains, turnKey, context.Quota);
        var run = await ToolRun.InvokeAsync(function, SingleArgument(function, input), context.Time, cancellationToken);
        return new CommandResult(run.Text, tool.Name, run.Succeeded, run.DurationMs);
    }

    /// <summary>Arguments that pass <paramref name="input"/> as the tool's first (and usually only) parameter.</summary>
    public static AIFunctionArguments SingleArgument(AIFunction function, string input)
    {
        var arguments = new AIFunctionArguments();
        if (function.JsonSchema.TryGetProperty("properties", out var properties) && properties.EnumerateObject().Select(p => p.Name).FirstOrDefault() is { } parameter)
        {
            arguments[parameter] = input;
        }

        return arguments;
    }

    private static IEnumerable<SophiaTool> Allowed(IReadOnlyCollection<string> allowed) =>
        BuiltInTools.All.Where(t => !t.Risky && allowed.Contains(t.Name));

    private static (string Command, string? Name, string Input) Parse(string text)
    {
        var parts = text.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return (parts[0].ToLowerInvariant(), parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : "");
    }
}
