using System.Security.Cryptography;
using System.Text;

namespace Sophia.Tests.Infrastructure.GitHub;

/// <summary>What the local GitHub holds: repositories with branches, commits, issues and pull requests. Guard every change with <see cref="Gate"/>.</summary>
public sealed class GitHubApiData
{
    private readonly Dictionary<string, GitHubApiRepository> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private long _ids = 1000;

    public object Gate { get; } = new();

    public long NextId() => Interlocked.Increment(ref _ids);

    public GitHubApiRepository AddRepository(string fullName, IReadOnlyDictionary<string, string>? files = null, string defaultBranch = "main")
    {
        lock (Gate)
        {
            var repository = new GitHubApiRepository(this, fullName, defaultBranch, files ?? new Dictionary<string, string> { ["README.md"] = $"# {fullName}\n" });
            _repositories[fullName] = repository;
            return repository;
        }
    }

    public GitHubApiRepository? Find(string owner, string name)
    {
        lock (Gate)
        {
            return _repositories.GetValueOrDefault($"{owner}/{name}");
        }
    }
}

public sealed class GitHubApiRepository
{
    private readonly GitHubApiData _data;

    internal GitHubApiRepository(GitHubApiData data, string fullName, string defaultBranch, IReadOnlyDictionary<string, string> files)
    {
        _data = data;
        (Owner, Name) = (fullName.Split('/')[0], fullName.Split('/')[1]);
        Id = data.NextId();
        DefaultBranch = defaultBranch;
        Branches[defaultBranch] = AddCommit("Initial commit", new Dictionary<string, string>(files));
    }

    public string Owner { get; }

    public string Name { get; }

    public string FullName => $"{Owner}/{Name}";

    public long Id { get; }

    public string DefaultBranch { get; }

    public string HtmlUrl => $"https://github.com/{FullName}";

    public Dictionary<string, string> Branches { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, GitHubApiCommit> Commits { get; } = new(StringComparer.Ordinal);

    public List<GitHubApiIssue> Issues { get; } = [];

    /// <summary>The files at a branch or commit; null when there is no such branch or commit.</summary>
    public Dictionary<string, string>? FilesAt(string reference) =>
        Branches.TryGetValue(reference, out var sha) ? Commits[sha].Files : Commits.GetValueOrDefault(reference)?.Files;

    public string AddCommit(string message, Dictionary<string, string> files)
    {
        var sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{message}{_data.NextId()}")));
        Commits[sha] = new GitHubApiCommit(sha, message, files);
        return sha;
    }

    public GitHubApiIssue AddIssue(string title, string? body, DateTimeOffset now, string user = "octocat", GitHubApiPull? pull = null)
    {
        lock (_data.Gate)
        {
            var issue = new GitHubApiIssue(Issues.Count + 1, _data.NextId(), title, body, user, Seconds(now), pull);
            Issues.Add(issue);
            return issue;
        }
    }

    public GitHubApiIssue? Issue(int number)
    {
        lock (_data.Gate)
        {
            return Issues.FirstOrDefault(i => i.Number == number);
        }
    }

    public GitHubApiComment AddComment(int number, string body, DateTimeOffset now, string user = "octocat")
    {
        lock (_data.Gate)
        {
            var issue = Issue(number) ?? throw new InvalidOperationException($"No issue #{number}.");
            var comment = new GitHubApiComment(_data.NextId(), body, user, Seconds(now));
            issue.Comments.Add(comment);
            issue.Touch(now);
            return comment;
        }
    }

    public void EditIssue(int number, string body, DateTimeOffset now)
    {
        lock (_data.Gate)
        {
            var issue = Issue(number) ?? throw new InvalidOperationException($"No issue #{number}.");
            issue.Body = body;
            issue.Touch(now);
        }
    }

    public static string BlobSha(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {bytes.Length}\0"), .. bytes]));
    }

    internal static DateTimeOffset Seconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}

public sealed record GitHubApiCommit(string Sha, string Message, Dictionary<string, string> Files);

public sealed record GitHubApiComment(long Id, string Body, string User, DateTimeOffset CreatedAt);

/// <summary>A pull request's branches; the pull request itself is an issue, as on GitHub.</summary>
public sealed record GitHubApiPull(string Head, string HeadSha, string Base);

public sealed class GitHubApiIssue(int number, long id, string title, string? body, string user, DateTimeOffset createdAt, GitHubApiPull? pull)
{
    public int Number { get; } = number;

    public long Id { get; } = id;

    public string Title { get; set; } = title;

    public string? Body { get; set; } = body;

    public string State { get; set; } = "open";

    public string User { get; } = user;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; private set; } = createdAt;

    public List<GitHubApiComment> Comments { get; } = [];

    public GitHubApiPull? Pull { get; } = pull;

    /// <summary>GitHub's times have whole seconds; a change always moves <see cref="UpdatedAt"/> forward.</summary>
    public void Touch(DateTimeOffset now)
    {
        var at = GitHubApiRepository.Seconds(now);
        UpdatedAt = at > UpdatedAt ? at : UpdatedAt.AddSeconds(1);
    }
}
