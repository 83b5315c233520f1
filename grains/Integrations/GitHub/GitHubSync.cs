using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Octokit;
using Sophia.Integrations.Providers;
using Sophia.Memory;

namespace Sophia.Integrations.GitHub;

/// <summary>
/// Brings the connected repositories' issues, pull requests (with their comments) and Markdown files into the tenant's
/// memory: issues changed since the last sync, files whose blob changed, each replacing its earlier document. Unchanged
/// lists come back as 304s from the ETag cache.
/// </summary>
internal sealed class GitHubSync(GitHubConnection github, SyncProgress progress, CancellationToken cancellationToken)
{
    private const int MaxFileBytes = 1024 * 1024;
    private static readonly ApiOptions AllPages = new() { PageSize = 100 };
    private IntegrationSession Session => github.Session;

    public async Task RunAsync()
    {
        foreach (var repository in github.Settings.Repositories)
        {
            var state = GitHubSyncState.For(Session.State, repository);
            var repo = await github.RunAsync($"reading {repository}", client => client.Repository.Get(repository.Owner, repository.Name), cancellationToken);
            await SyncIssuesAsync(repository, state);
            await Session.SaveStateAsync();
            await SyncMarkdownAsync(repository, repo, state);
            await Session.SaveStateAsync();
        }
    }

    private async Task SyncIssuesAsync(GitHubRepository repository, GitHubSyncState state)
    {
        var request = new RepositoryIssueRequest
        {
            State = ItemStateFilter.All,
            SortProperty = IssueSort.Updated,
            SortDirection = SortDirection.Ascending,
            Since = state.IssuesSince,
        };
        var issues = await github.RunAsync($"listing the issues of {repository}", client => client.Issue.GetAllForRepository(repository.Owner, repository.Name, request, AllPages), cancellationToken);
        foreach (var issue in issues)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Looked();
            var updatedAt = issue.UpdatedAt ?? issue.CreatedAt;
            var version = updatedAt.ToString("O", CultureInfo.InvariantCulture);
            if (GitHubSyncState.VersionOf(state.Issues, issue.HtmlUrl) != version)
            {
                IReadOnlyList<IssueComment> comments = issue.Comments > 0
                    ? await github.RunAsync($"reading the comments of #{issue.Number} in {repository}", client => client.Issue.Comment.GetAllForIssue(repository.Owner, repository.Name, issue.Number, AllPages), cancellationToken)
                    : [];
                await WriteAsync(state.Issues, new DocumentSource(issue.HtmlUrl, issue.PullRequest is null ? "issue" : "pull request", updatedAt), issue.Title, IssueMarkdown(repository, issue, comments), version);
            }

            if (state.IssuesSince is not { } since || updatedAt > since)
            {
                state.IssuesSince = updatedAt;
            }
        }
    }

    private async Task SyncMarkdownAsync(GitHubRepository repository, Repository repo, GitHubSyncState state)
    {
        var tree = await github.RunAsync($"listing the files of {repository}", client => client.Git.Tree.GetRecursive(repository.Owner, repository.Name, repo.DefaultBranch), cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in tree.Tree.Where(t => t.Type.Value == TreeType.Blob && t.Path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && t.Size <= MaxFileBytes))
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress.Looked();
            var url = $"{repo.HtmlUrl}/blob/{Uri.EscapeDataString(repo.DefaultBranch)}/{string.Join('/', item.Path.Split('/').Select(Uri.EscapeDataString))}";
            seen.Add(url);
            if (GitHubSyncState.VersionOf(state.Files, url) == item.Sha)
            {
                continue;
            }

            var blob = await github.RunAsync($"reading {item.Path} in {repository}", client => client.Git.Blob.Get(repository.Owner, repository.Name, item.Sha), cancellationToken);
            var content = blob.Encoding.Value == EncodingType.Base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(blob.Content)) : blob.Content;
            // A file's own last commit would cost a call per file; the repository's last push bounds it.
            await WriteAsync(state.Files, new DocumentSource(url, "file", repo.PushedAt ?? repo.UpdatedAt), item.Path, $"# {repository}/{item.Path}\n\n{url}\n\n{content}", item.Sha);
        }

        foreach (var gone in state.Files.Select(f => f.Key).Where(url => !seen.Contains(url)).ToList())
        {
            if (GitHubSyncState.DocumentOf(state.Files, gone) is { } document)
            {
                await Session.TenantMemory.ForgetAsync(document);
            }

            state.Files.Remove(gone);
        }
    }

    private async Task WriteAsync(JsonObject items, DocumentSource source, string title, string markdown, string version)
    {
        var url = source.Url;
        var name = $"{url} {title}";
        var upload = new DocumentUpload(name.Length <= 256 ? name : name[..256], "text/markdown", Encoding.UTF8.GetBytes(markdown), source);
        var status = await Session.TenantMemory.IngestAsync(upload);
        if (GitHubSyncState.DocumentOf(items, url) is { } previous && previous != status.DocumentId)
        {
            await Session.TenantMemory.ForgetAsync(previous);
        }

        GitHubSyncState.Record(items, url, version, status.DocumentId);
        if (status.New)
        {
            progress.Wrote();
        }
    }

    private static string IssueMarkdown(GitHubRepository repository, Issue issue, IReadOnlyList<IssueComment> comments)
    {
        var kind = issue.PullRequest is null ? "Issue" : "Pull request";
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# {kind} {repository}#{issue.Number}: {issue.Title}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{issue.HtmlUrl} ({issue.State.StringValue}, opened by {issue.User?.Login} on {GitHubText.Date(issue.CreatedAt)})")
            .AppendLine()
            .AppendLine(string.IsNullOrWhiteSpace(issue.Body) ? "(no description)" : issue.Body.Trim());
        foreach (var comment in comments)
        {
            text.AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"## Comment by {comment.User?.Login} on {GitHubText.Date(comment.CreatedAt)}")
                .AppendLine(comment.HtmlUrl)
                .AppendLine()
                .AppendLine(comment.Body?.Trim());
        }

        return text.ToString();
    }
}
