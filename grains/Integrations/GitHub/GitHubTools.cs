using System.Text.Json.Nodes;
using static Sophia.Integrations.Providers.ToolSchema;

namespace Sophia.Integrations.GitHub;

/// <summary>The tools a GitHub integration offers agents, with the JSON schema of each one's arguments.</summary>
internal static class GitHubTools
{
    public const string SearchCode = "github_search_code";
    public const string ReadFile = "github_read_file";
    public const string ListIssues = "github_list_issues";
    public const string ReadIssue = "github_read_issue";
    public const string ListPullRequests = "github_list_pull_requests";
    public const string ReadPullRequest = "github_read_pull_request";
    public const string CreateIssue = "github_create_issue";
    public const string Comment = "github_comment";
    public const string ProposeChange = "github_propose_change";

    public static IReadOnlyList<IntegrationToolSpec> For(string integration, IReadOnlyList<GitHubRepository> repositories)
    {
        var connected = string.Join(", ", repositories.Select(r => r.FullName));
        IntegrationToolSpec Tool(string name, string description, string schema, bool risky = false) =>
            new(name, integration, $"{description} Connected repositories: {connected}.", schema, risky);

        return
        [
            Tool(SearchCode, "Searches the code of the connected GitHub repositories; returns matching files with their URLs.",
                Schema(["query"], ("query", Text("words to find in code, with GitHub search qualifiers such as language:csharp")), ("repository", Text("owner/repo to search only one repository")))),
            Tool(ReadFile, "Reads one file of a GitHub repository.",
                Schema(["repository", "path"], Repository, ("path", Text("the file's path in the repository")), ("ref", Text("branch, tag or commit (default: the default branch)")))),
            Tool(ListIssues, "Lists a GitHub repository's issues, newest first.", Schema(["repository"], Repository, State)),
            Tool(ReadIssue, "Reads one GitHub issue with its comments.", Schema(["repository", "number"], Repository, Number)),
            Tool(ListPullRequests, "Lists a GitHub repository's pull requests, newest first.", Schema(["repository"], Repository, State)),
            Tool(ReadPullRequest, "Reads one GitHub pull request with its comments and changed files.", Schema(["repository", "number"], Repository, Number)),
            Tool(CreateIssue, "Opens an issue in a GitHub repository.",
                Schema(["repository", "title"], Repository, ("title", Text("the issue's title")), ("body", Text("the issue's description, Markdown"))), risky: true),
            Tool(Comment, "Comments on a GitHub issue or pull request.",
                Schema(["repository", "number", "body"], Repository, Number, ("body", Text("the comment, Markdown"))), risky: true),
            Tool(ProposeChange, "Proposes a change to one file as a pull request: a new branch from the default branch, one commit with the file's new content, and a pull request to review.",
                Schema(["repository", "path", "content", "message", "title"], Repository,
                    ("path", Text("the file to create or replace")), ("content", Text("the file's whole new content")), ("message", Text("the commit message")),
                    ("title", Text("the pull request's title")), ("body", Text("the pull request's description, Markdown"))), risky: true),
        ];
    }

    private static (string, JsonObject) Repository => ("repository", Text("owner/repo, one of the connected repositories"));

    private static (string, JsonObject) Number => ("number", new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "the issue or pull request number" });

    private static (string, JsonObject) State => ("state", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("open", "closed", "all"), ["description"] = "which to list (default open)" });
}
