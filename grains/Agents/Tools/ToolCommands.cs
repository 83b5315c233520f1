using System.Text.Json;
using Microsoft.Extensions.AI;
using Sophia.Agents.Factory;

namespace Sophia.Agents.Tools;

/// <summary>
/// What an explicit command did: the reply, and the tool it ran (if any) with how that went; or the risky call it
/// wants a person to approve first.
/// </summary>
public sealed record CommandResult(string Reply, string? Tool = null, bool Succeeded = true, long DurationMs = 0, FunctionCallContent? NeedsApproval = null);

/// <summary>
/// Explicit commands that work with or without a model: <c>/tools</c> lists the tools an agent may use, and
/// <c>/run tool input</c> runs one, the input going to the tool's single parameter, or as its arguments when it is a
/// JSON object. A risky tool asks for a person's approval first.
/// </summary>
public static class ToolCommands
{
    public const string Usage = "Commands: /tools lists the tools, /run <tool> [input or {json arguments}] runs one, /plan <goal> has the planner, researcher and coder work on it (or write the steps yourself, one per line: <researcher|coder> <tool> <input>).";

    /// <summary>The call id of a risky <c>/run</c>, so the turn resumed after its approval answers with the result itself.</summary>
    public const string CommandCallPrefix = "command-";

    public static bool IsCommand(string text) => text.TrimStart().StartsWith('/');

    /// <summary>The tool a <c>/run</c> command names, when it names one the agent may use; null otherwise.</summary>
    public static async Task<SophiaTool?> ToolOfAsync(string text, IReadOnlyCollection<string> allowed, ToolContext context) =>
        Parse(text) is ("/run", { } name, _) ? (await ToolCatalog.AvailableAsync(allowed, context)).FirstOrDefault(t => t.Name == name) : null;

    /// <summary>Runs the command; a tool it runs is recorded under <paramref name="turnKey"/>, so a turn resumed after a crash does not run it twice.</summary>
    public static async Task<CommandResult> RunAsync(string text, IReadOnlyCollection<string> allowed, ToolContext context, string turnKey, CancellationToken cancellationToken)
    {
        switch (Parse(text))
        {
            case ("/tools", _, _):
                var tools = await ToolCatalog.AvailableAsync(allowed, context);
                return new CommandResult(tools.Count == 0
                    ? "This agent may not use any tool."
                    : "Tools:\n" + string.Join("\n", tools.Select(t => $"- {t.Name}{(t.Risky ? " (risky)" : "")}: {t.Description}")));
            case ("/run", null, _):
                return new CommandResult($"Name the tool to run. {Usage}");
            case ("/run", { } name, var input):
                if (await ToolOfAsync(text, allowed, context) is not { } tool)
                {
                    return new CommandResult($"Unknown tool '{name}'. /tools lists the tools this agent may use.");
                }

                var function = tool.Create(context);
                if (Arguments(function, input) is not { } arguments)
                {
                    return new CommandResult($"The arguments of {name} are not a JSON object; write them as {{\"name\": value, ...}}.");
                }

                return tool.Risky
                    ? new CommandResult("", tool.Name, NeedsApproval: new FunctionCallContent($"{CommandCallPrefix}{turnKey}", tool.Name, arguments))
                    : await RunToolAsync(tool, function, arguments, context, turnKey, cancellationToken);
            default:
                return new CommandResult($"Unknown command. {Usage}");
        }
    }

    private static async Task<CommandResult> RunToolAsync(SophiaTool tool, AIFunction function, AIFunctionArguments arguments, ToolContext context, string turnKey, CancellationToken cancellationToken)
    {
        var run = await ToolRun.InvokeAsync(new RecordedTool(function, context, turnKey), arguments, context.Time, cancellationToken);
        return new CommandResult(run.Text, tool.Name, run.Succeeded, run.DurationMs);
    }

    /// <summary>A JSON object's members as the arguments; any other input as the tool's first parameter; null for a broken JSON object.</summary>
    public static AIFunctionArguments? Arguments(AIFunction function, string input)
    {
        if (!input.TrimStart().StartsWith('{'))
        {
            return SingleArgument(function, input);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(input) is { } members
                ? new AIFunctionArguments(members.ToDictionary(m => m.Key, m => (object?)m.Value))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
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

    private static (string Command, string? Name, string Input) Parse(string text)
    {
        var parts = text.Trim().Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return (parts[0].ToLowerInvariant(), parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : "");
    }
}
