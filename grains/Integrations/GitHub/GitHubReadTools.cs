using Octokit;

namespace Sophia.Integrations.GitHub;

/// <summary>The tools that only read: code search, files, issues and pull requests of the connected repositories.</summary>
internal static class GitHubReadTools
{
    private static readonly ApiOptions FirstPage = new() { PageSize = 30, PageCount = 1, StartPage = 1 };

    public static async Task<string> SearchCodeAsync(GitHubConnection github, GitHubArguments arguments, CancellationToken cancellationToken)
    {
        var query = arguments.Text("query");
        var only = arguments.RepositoryOrNull();
        var request = new SearchCodeRequest(query) { Repos = [] };
        foreach (var repository in only is null ? github.Settings.Repositories : [only])
        {
            request.Repos.Add(repository.Owner, repository.Name);
        }

        var result = await github.RunAsync("searching code", client => client.Search.SearchCode(request), cancellationToken);
        var text = new GitHubText().Line($"Code matching \"{query}\": {result.TotalCount} files{(result.IncompleteResults ? " (GitHub's results are incomplete)" : "")}.");
        foreach (var item in result.Items)
        {
            text.Item($"{item.Repository?.FullName}: {item.Path}", item.HtmlUrl);
        }

        return text.ToString();
    }

    public static async Task<string> ReadFileAsync(GitHubConnection github, GitHubArguments arguments, CancellationToken cancellationToken)
    {
        var repository = arguments.Repository();
        var path = arguments.Text("path").Trim('/');
        var reference = arguments.OptionalText("ref");
        var contents = await github.RunAsync($"reading {path} in {repository}", client => reference is null
            ? client.Repository.Content.GetAllContents(repository.Owner, repository.Name, path)
            : client.Repository.Content.GetAllContentsByRef(repository.Owner, repository.Name, path, reference), cancellationToken);
        var text = new GitHubText();
        if (contents is [{ Type.Value: ContentType.File } file])
        {
            return text.Item($"{repository}/{file.Path}{(reference is null ? "" : $" at {reference}")} ({file.Size} bytes)", file.HtmlUrl, file.Content).ToString();
        }

        text.Line($"{repository}/{path} is a folder of {contents.Count} entries:");
        foreach (var entry in contents)
        {
            text.Item($"{entry.Type.StringValue} {entry.Path}", entry.HtmlUrl);
        }

        return text.ToString();
    }

    public static async Task<string> ListIssuesAsync(GitHubConnection github, GitHubArguments arguments, CancellationToken cancellationToken)
    {
        var repository = arguments.Repository();
        var request = new RepositoryIssueRequest { State = arguments.State() };
        var issues = await github.RunAsync($"listing the issues of {repository}", client => client.Issue.GetAllForRepository(repository.Owner, repository.Name, request, FirstPage), cancellationToken);
        var text = new GitHubText();
        foreach (var issue in issues.Where(i => i.PullRequest is null))
        {
            text.Item(GitHubText.Heading(issue), issue.HtmlUrl);
        }

        return text.Items == 0 ? $"{repository} has no {request.State.ToString().ToLowerInvariant()} issues." : text.ToString();
    }

    public static async Task<string> ReadIssueAsync(GitHubConnection github, GitHubArguments arguments, CancellationToken cancellationToken)
    {
        var repository = arguments.Repository();
        var number = arguments.Number("number");
        var (issue, comments) = await github.RunAsync($"reading issue #{number} of {repository}", async client =>
            (await client.Issue.Get(repository.Owner, repository.Name, number), await client.Issue.Comment.GetAllForIssue(repository.Owner, repository.Name, number)), cancellationToken);
        var text = new GitHubText().Item($"{repository} {GitHubText.Heading(issue)}", issue.HtmlUrl, issue.Body);
        GitHubText.AddComments(text, comments);
        return text.ToString();
    }

    public static async Task<string> ListPullRequestsAsync(GitHubConnection github, GitHubArguments arguments, CancellationToken cancellationToken)
    {
        var repository = arguments.Repository();
        var request = new PullRequestRequest { State = arguments.State() };
        var pulls = await github.RunAsync($"listing the pull requests of {repository}", client => client.PullRequest.GetAllForRepository(repository.Owner, repository.Name, request, FirstPage), cancellationToken);
        var text = new GitHubText();
        foreach (var pull in pulls)
        {
            text.Item(Heading(pull), pull.HtmlUrl);
        }

        return text.Items == 0 ? $"{repository} has no {request.State.ToString().ToLowerInvariant()} pull requests." : text.ToString();
    }

    public static async Task<string> ReadPullRequestAsync(GitHubConnection github, GitHubArguments arguments, CancellationToken cancellationToken)
    {
        var repository = arguments.Repository();
        var number = arguments.Number("number");
        var (pull, comments, files) = await github.RunAsync($"reading pull request #{number} of {repository}", async client =>
            (await client.PullRequest.Get(repository.Owner, repository.Name, number),
             await client.Issue.Comment.GetAllForIssue(repository.Owner, repository.Name, number),
             await client.PullRequest.Files(repository.Owner, repository.Name, number)), cancellationToken);
        var text = new GitHubText().Item($"{repository} {Heading(pull)}", pull.HtmlUrl, pull.Body);
        text.Line($"Changed files ({files.Count}): {string.Join(", ", files.Select(f => $"{f.FileName} (+{f.Additions} -{f.Deletions})"))}").Line("");
        GitHubText.AddComments(text, comments);
        return text.ToString();
    }

    private static string Heading(PullRequest pull) =>
        $"#{pull.Number} {pull.Title} ({(pull.Merged ? "merged" : pull.State.StringValue)}, {pull.Head?.Ref} into {pull.Base?.Ref}, by {pull.User?.Login}, updated {GitHubText.Date(pull.UpdatedAt)})";
}
