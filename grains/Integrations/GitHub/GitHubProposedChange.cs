using System.Globalization;
using System.Text;
using DiffPlex.Renderer;
using Octokit;

namespace Sophia.Integrations.GitHub;

/// <summary>
/// One file's new content proposed as a pull request: a branch from the default branch, a commit through the contents
/// API, and the pull request. Its preview is the unified diff of the file's current content against the proposed one.
/// </summary>
internal sealed class GitHubProposedChange(GitHubConnection github, GitHubArguments arguments)
{
    private readonly GitHubRepository _repository = arguments.Repository();
    private readonly string _path = arguments.Text("path").Trim('/');
    private readonly string _content = arguments.Text("content");
    private readonly string _message = arguments.Text("message");
    private readonly string _title = arguments.Text("title");
    private readonly string? _body = arguments.OptionalText("body");

    public async Task<string> PreviewAsync(CancellationToken cancellationToken)
    {
        var (defaultBranch, current) = await github.RunAsync($"reading {_path} in {_repository}", async client =>
        {
            var repository = await client.Repository.Get(_repository.Owner, _repository.Name);
            return (repository.DefaultBranch, await CurrentAsync(client, repository.DefaultBranch));
        }, cancellationToken);
        var diff = UnidiffRenderer.GenerateUnidiff(current?.Content ?? "", _content, $"a/{_path}", $"b/{_path}", false, false, 3);
        var what = current is null ? "creates" : "changes";
        return $"A pull request \"{_title}\" into {_repository}'s {defaultBranch} that {what} {_path}:\n{(string.IsNullOrWhiteSpace(diff) ? "(no change to the file)" : diff)}";
    }

    public async Task<string> ProposeAsync(CancellationToken cancellationToken)
    {
        var pull = await github.RunAsync($"proposing a change to {_path} in {_repository}", async client =>
        {
            var (owner, name) = (_repository.Owner, _repository.Name);
            var repository = await client.Repository.Get(owner, name);
            var head = await client.Git.Reference.Get(owner, name, $"heads/{repository.DefaultBranch}");
            var branch = BranchName();
            await client.Git.Reference.Create(owner, name, new NewReference($"refs/heads/{branch}", head.Object.Sha));
            var current = await CurrentAsync(client, branch);
            if (current is null)
            {
                await client.Repository.Content.CreateFile(owner, name, _path, new CreateFileRequest(_message, _content, branch));
            }
            else
            {
                await client.Repository.Content.UpdateFile(owner, name, _path, new UpdateFileRequest(_message, _content, current.Sha, branch));
            }

            return await client.PullRequest.Create(owner, name, new NewPullRequest(_title, branch, repository.DefaultBranch) { Body = _body });
        }, cancellationToken);
        return new GitHubText().Item($"Opened pull request {_repository} #{pull.Number} {pull.Title} ({pull.Head?.Ref} into {pull.Base?.Ref})", pull.HtmlUrl).ToString();
    }

    private async Task<RepositoryContent?> CurrentAsync(IGitHubClient client, string reference)
    {
        try
        {
            var contents = await client.Repository.Content.GetAllContentsByRef(_repository.Owner, _repository.Name, _path, reference);
            return contents is [{ Type.Value: ContentType.File } file] ? file : throw new IntegrationRefusedException($"{_path} in {_repository} is a folder, not a file.");
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private string BranchName()
    {
        var slug = new StringBuilder();
        foreach (var c in _title.ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var words = string.Join('-', slug.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        var stamp = github.Session.Time.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return $"sophia/{(words.Length > 40 ? words[..40].TrimEnd('-') : words)}-{stamp}";
    }
}
