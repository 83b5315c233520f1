using System.Text.RegularExpressions;

namespace Sophia.Agents;

/// <summary>A user-defined agent from the Agent Factory.</summary>
/// <param name="Name">URL-safe name, unique in the tenant; what OpenAI clients pass as <c>model</c>.</param>
/// <param name="Instructions">The agent's system instructions.</param>
/// <param name="Model">The chat model it uses, or null for the configured default.</param>
/// <param name="AllowedTools">Names of the tools it may call.</param>
[GenerateSerializer, Immutable, Alias("sophia.AgentDefinition")]
public sealed partial record AgentDefinition(string Name, string Instructions, string? Model, IReadOnlyList<string> AllowedTools)
{
    public const string BuiltIn = "sophia";
    public const int MaxInstructionsLength = 16_000;

    /// <summary>Returns why this definition is unacceptable, or null when it is fine.</summary>
    public string? Problem(IReadOnlyCollection<string> knownTools) =>
        !NamePattern().IsMatch(Name) ? $"Agent name '{Name}' must be 1 to 40 lowercase letters, digits or dashes, starting with a letter or digit."
        : Name == BuiltIn ? $"'{BuiltIn}' is the built-in assistant; choose another name."
        : string.IsNullOrWhiteSpace(Instructions) ? "Instructions are empty; say what the agent is for and how it should answer."
        : Instructions.Length > MaxInstructionsLength ? $"Instructions are {Instructions.Length} characters; the limit is {MaxInstructionsLength}."
        : Model is { Length: 0 or > 100 } ? "Model must be 1 to 100 characters, or left out for the configured default."
        : AllowedTools.FirstOrDefault(t => !knownTools.Contains(t)) is { } unknown
            ? $"Unknown tool '{unknown}'; known tools: {(knownTools.Count == 0 ? "none yet" : string.Join(", ", knownTools))}."
        : null;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex NamePattern();
}
