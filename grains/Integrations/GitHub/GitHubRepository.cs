namespace Sophia.Integrations.GitHub;

/// <summary>A repository as GitHub names it, <c>owner/repo</c>.</summary>
public sealed record GitHubRepository(string Owner, string Name)
{
    public string FullName => $"{Owner}/{Name}";

    public override string ToString() => FullName;

    public static bool TryParse(string? text, out GitHubRepository repository)
    {
        repository = null!;
        var parts = text?.Trim().Split('/') ?? [];
        if (parts.Length != 2 || !parts.All(IsWellFormedPart))
        {
            return false;
        }

        repository = new GitHubRepository(parts[0], parts[1]);
        return true;
    }

    private static bool IsWellFormedPart(string part) =>
        part.Length is > 0 and <= 100 && part is not "." and not ".." && part.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
