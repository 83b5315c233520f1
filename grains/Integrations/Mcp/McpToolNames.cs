using System.Text;

namespace Sophia.Integrations.Mcp;

/// <summary>
/// Agents' names for an MCP server's tools, <c>mcp__{server}__{tool}</c>, within the function-name rule
/// <c>^[a-zA-Z0-9_-]{1,64}$</c>: other characters become <c>_</c>, long names are cut, and names that then collide get
/// a number.
/// </summary>
public static class McpToolNames
{
    public const int MaxLength = 64;

    public static string Prefix(string server) => $"mcp__{server}__";

    /// <summary>Each agent's name with the server's own name for it, in the server's order.</summary>
    public static IReadOnlyList<(string Name, string Original)> Assign(string server, IEnumerable<string> originals)
    {
        var prefix = Prefix(server);
        var room = MaxLength - prefix.Length;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var assigned = new List<(string, string)>();
        foreach (var original in originals)
        {
            var stem = Sanitise(original);
            var name = prefix + Cut(stem, room);
            for (var n = 2; !taken.Add(name); n++)
            {
                var suffix = $"_{n}";
                name = prefix + Cut(stem, room - suffix.Length) + suffix;
            }

            assigned.Add((name, original));
        }

        return assigned;
    }

    private static string Sanitise(string original)
    {
        var name = new StringBuilder(original.Length);
        foreach (var c in original)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return name.Length == 0 ? "tool" : name.ToString();
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
