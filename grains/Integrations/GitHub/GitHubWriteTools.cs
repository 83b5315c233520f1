using Octokit;

namespace Sophia.Integrations.GitHub;

/// <summary>The tools that write to GitHub (each call approved by a person first): issues and comments.</summary>
internal static class GitHubWriteTools
{
    public static async Task<string> CreateIssueAsync(GitHubConnection github, GitHubArguments arguments, CancellationToken cancellationToken)
    {
        var repository = arguments.Repository();
        var issue = new NewIssue(arguments.Text("title")) { Body = arguments.OptionalText("body") };
        var created = await github.RunAsync($"opening an issue in {repository}", client => client.Issue.Create(repository.Owner, repository.Name, issue), cancellationToken);
        return new GitHubText().Item($"Opened {repository} #{created.Number} {created.Title}", created.HtmlUrl).ToString();
    }

    public static async Task<string> CommentAsync(GitHubConnection github, GitHubArguments arguments, CancellationToken cancellationToken)
    {
        var repository = arguments.Repository();
        var number = arguments.Number("number");
        var body = arguments.Text("body");
        var comment = await github.RunAsync($"commenting on #{number} of {repository}", client => client.Issue.Comment.Create(repository.Owner, repository.Name, number, body), cancellationToken);
        return new GitHubText().Item($"Commented on {repository} #{number}", comment.HtmlUrl).ToString();
    }
}
