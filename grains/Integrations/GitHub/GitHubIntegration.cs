using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.GitHub;

/// <summary>
/// GitHub (github.com or GitHub Enterprise) through Octokit, with a personal token or as a GitHub App installation: code
/// search, files, issues and pull requests as tools for agents, and a sync of issues, pull requests and Markdown files
/// into the tenant's memory. It touches only the repositories its admin connected.
/// </summary>
public sealed class GitHubIntegration : IntegrationProvider
{
    private readonly GitHubResponseCache _responses = new();
    private readonly InstallationTokens _installationTokens = new();
    private GitHubConnection? _connection;
    private IntegrationSession? _connectedSession;

    /// <summary>GitHub's primary limit for a personal token or an App installation: 5,000 requests an hour.</summary>
    public override ProviderRateLimit RateLimit { get; } = new(5000, TimeSpan.FromHours(1));

    public override bool Syncs => true;

    public override IntegrationSettings Parse(JsonObject body) => GitHubSettings.Parse(body);

    public override async Task CheckAsync(IntegrationSession session, CancellationToken cancellationToken)
    {
        var github = ConnectionFor(session);
        if (github.Settings.IsApp)
        {
            await github.AuthenticateAsync(cancellationToken);
        }
        else
        {
            await github.RunAsync("checking the token with GET /user", client => client.User.Current(), cancellationToken);
        }

        foreach (var repository in github.Settings.Repositories)
        {
            try
            {
                await github.RunAsync($"reading {repository}", client => client.Repository.Get(repository.Owner, repository.Name), cancellationToken);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("(404)", StringComparison.Ordinal))
            {
                throw new IntegrationRefusedException($"GitHub cannot see the repository '{repository}' (404): check its name in 'repositories' and that the credentials may read it.");
            }
        }
    }

    public override Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync(IntegrationSession session, CancellationToken cancellationToken) =>
        Task.FromResult(GitHubTools.For(session.Integration, ConnectionFor(session).Settings.Repositories));

    public override Task<string> CallAsync(IntegrationSession session, string tool, JsonObject arguments, CancellationToken cancellationToken)
    {
        var github = ConnectionFor(session);
        var args = new GitHubArguments(tool, arguments, github.Settings);
        return tool switch
        {
            GitHubTools.SearchCode => GitHubReadTools.SearchCodeAsync(github, args, cancellationToken),
            GitHubTools.ReadFile => GitHubReadTools.ReadFileAsync(github, args, cancellationToken),
            GitHubTools.ListIssues => GitHubReadTools.ListIssuesAsync(github, args, cancellationToken),
            GitHubTools.ReadIssue => GitHubReadTools.ReadIssueAsync(github, args, cancellationToken),
            GitHubTools.ListPullRequests => GitHubReadTools.ListPullRequestsAsync(github, args, cancellationToken),
            GitHubTools.ReadPullRequest => GitHubReadTools.ReadPullRequestAsync(github, args, cancellationToken),
            GitHubTools.CreateIssue => GitHubWriteTools.CreateIssueAsync(github, args, cancellationToken),
            GitHubTools.Comment => GitHubWriteTools.CommentAsync(github, args, cancellationToken),
            GitHubTools.ProposeChange => new GitHubProposedChange(github, args).ProposeAsync(cancellationToken),
            _ => throw new IntegrationRefusedException($"GitHub has no tool '{tool}'."),
        };
    }

    public override async Task<string?> PreviewAsync(IntegrationSession session, string tool, JsonObject arguments, CancellationToken cancellationToken)
    {
        var github = ConnectionFor(session);
        return tool == GitHubTools.ProposeChange
            ? await new GitHubProposedChange(github, new GitHubArguments(tool, arguments, github.Settings)).PreviewAsync(cancellationToken)
            : null;
    }

    public override Task SyncAsync(IntegrationSession session, SyncProgress progress, CancellationToken cancellationToken) =>
        new GitHubSync(ConnectionFor(session), progress, cancellationToken).RunAsync();

    public override ValueTask CloseAsync()
    {
        _connection?.Dispose();
        (_connection, _connectedSession) = (null, null);
        return ValueTask.CompletedTask;
    }

    /// <summary>One Octokit connection per session; the ETag cache and the token exchange's lock outlive it, for the whole activation.</summary>
    private GitHubConnection ConnectionFor(IntegrationSession session)
    {
        if (_connection is null || !ReferenceEquals(session, _connectedSession))
        {
            _connection?.Dispose();
            (_connection, _connectedSession) = (new GitHubConnection(session, _responses, _installationTokens), session);
        }

        return _connection;
    }
}
