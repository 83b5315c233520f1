using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sophia.Tests.Infrastructure.GitHub;

/// <summary>The JSON shapes GitHub's REST API documents for repositories, issues, comments, pulls, contents, refs, trees and blobs.</summary>
public static class GitHubApiJson
{
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject User(string login) => new()
    {
        ["login"] = login,
        ["id"] = Math.Abs(login.GetHashCode(StringComparison.Ordinal)),
        ["type"] = "User",
        ["html_url"] = $"https://github.com/{login}",
        ["url"] = $"https://api.github.com/users/{login}",
    };

    public static JsonObject Repository(string api, GitHubApiRepository repository) => new()
    {
        ["id"] = repository.Id,
        ["node_id"] = $"R_{repository.Id}",
        ["name"] = repository.Name,
        ["full_name"] = repository.FullName,
        ["owner"] = User(repository.Owner),
        ["private"] = true,
        ["visibility"] = "private",
        ["html_url"] = repository.HtmlUrl,
        ["url"] = $"{api}repos/{repository.FullName}",
        ["default_branch"] = repository.DefaultBranch,
        ["created_at"] = "2020-01-01T00:00:00Z",
        ["updated_at"] = "2020-01-01T00:00:00Z",
    };

    public static JsonObject Issue(string api, GitHubApiRepository repository, GitHubApiIssue issue)
    {
        var kind = issue.Pull is null ? "issues" : "pull";
        var json = new JsonObject
        {
            ["id"] = issue.Id,
            ["node_id"] = $"I_{issue.Id}",
            ["url"] = $"{api}repos/{repository.FullName}/issues/{issue.Number}",
            ["repository_url"] = $"{api}repos/{repository.FullName}",
            ["html_url"] = $"{repository.HtmlUrl}/{kind}/{issue.Number}",
            ["number"] = issue.Number,
            ["state"] = issue.State,
            ["title"] = issue.Title,
            ["body"] = issue.Body,
            ["user"] = User(issue.User),
            ["labels"] = new JsonArray(),
            ["assignees"] = new JsonArray(),
            ["locked"] = false,
            ["comments"] = issue.Comments.Count,
            ["created_at"] = Time(issue.CreatedAt),
            ["updated_at"] = Time(issue.UpdatedAt),
            ["closed_at"] = null,
        };
        if (issue.Pull is not null)
        {
            json["pull_request"] = new JsonObject
            {
                ["url"] = $"{api}repos/{repository.FullName}/pulls/{issue.Number}",
                ["html_url"] = $"{repository.HtmlUrl}/pull/{issue.Number}",
                ["diff_url"] = $"{repository.HtmlUrl}/pull/{issue.Number}.diff",
                ["patch_url"] = $"{repository.HtmlUrl}/pull/{issue.Number}.patch",
            };
        }

        return json;
    }

    public static JsonObject Comment(string api, GitHubApiRepository repository, GitHubApiIssue issue, GitHubApiComment comment) => new()
    {
        ["id"] = comment.Id,
        ["node_id"] = $"IC_{comment.Id}",
        ["url"] = $"{api}repos/{repository.FullName}/issues/comments/{comment.Id}",
        ["html_url"] = $"{repository.HtmlUrl}/{(issue.Pull is null ? "issues" : "pull")}/{issue.Number}#issuecomment-{comment.Id}",
        ["issue_url"] = $"{api}repos/{repository.FullName}/issues/{issue.Number}",
        ["body"] = comment.Body,
        ["user"] = User(comment.User),
        ["created_at"] = Time(comment.CreatedAt),
        ["updated_at"] = Time(comment.CreatedAt),
        ["author_association"] = "MEMBER",
    };

    public static JsonObject Pull(string api, GitHubApiRepository repository, GitHubApiIssue issue)
    {
        var pull = issue.Pull!;
        JsonObject Branch(string name, string sha) => new()
        {
            ["label"] = $"{repository.Owner}:{name}",
            ["ref"] = name,
            ["sha"] = sha,
            ["user"] = User(repository.Owner),
            ["repo"] = Repository(api, repository),
        };

        return new JsonObject
        {
            ["id"] = issue.Id,
            ["node_id"] = $"PR_{issue.Id}",
            ["url"] = $"{api}repos/{repository.FullName}/pulls/{issue.Number}",
            ["html_url"] = $"{repository.HtmlUrl}/pull/{issue.Number}",
            ["diff_url"] = $"{repository.HtmlUrl}/pull/{issue.Number}.diff",
            ["number"] = issue.Number,
            ["state"] = issue.State,
            ["title"] = issue.Title,
            ["body"] = issue.Body,
            ["user"] = User(issue.User),
            ["created_at"] = Time(issue.CreatedAt),
            ["updated_at"] = Time(issue.UpdatedAt),
            ["head"] = Branch(pull.Head, pull.HeadSha),
            ["base"] = Branch(pull.Base, repository.Branches[pull.Base]),
            ["merged"] = false,
            ["draft"] = false,
            ["comments"] = issue.Comments.Count,
        };
    }

    public static JsonObject Content(string api, GitHubApiRepository repository, string reference, string path, string content)
    {
        var sha = GitHubApiRepository.BlobSha(content);
        var url = $"{api}repos/{repository.FullName}/contents/{path}?ref={reference}";
        return new JsonObject
        {
            ["type"] = "file",
            ["encoding"] = "base64",
            ["size"] = Encoding.UTF8.GetByteCount(content),
            ["name"] = path.Split('/')[^1],
            ["path"] = path,
            ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content), Base64FormattingOptions.InsertLineBreaks),
            ["sha"] = sha,
            ["url"] = url,
            ["git_url"] = $"{api}repos/{repository.FullName}/git/blobs/{sha}",
            ["html_url"] = $"{repository.HtmlUrl}/blob/{reference}/{path}",
            ["download_url"] = $"https://raw.githubusercontent.com/{repository.FullName}/{reference}/{path}",
            ["_links"] = new JsonObject { ["self"] = url, ["git"] = $"{api}repos/{repository.FullName}/git/blobs/{sha}", ["html"] = $"{repository.HtmlUrl}/blob/{reference}/{path}" },
        };
    }

    public static JsonObject Folder(string api, GitHubApiRepository repository, string reference, string path) => new()
    {
        ["type"] = "dir",
        ["size"] = 0,
        ["name"] = path.Split('/')[^1],
        ["path"] = path,
        ["sha"] = GitHubApiRepository.BlobSha(path),
        ["url"] = $"{api}repos/{repository.FullName}/contents/{path}?ref={reference}",
        ["html_url"] = $"{repository.HtmlUrl}/tree/{reference}/{path}",
    };

    public static JsonObject Reference(string api, GitHubApiRepository repository, string name, string sha) => new()
    {
        ["ref"] = $"refs/heads/{name}",
        ["node_id"] = $"REF_{name}",
        ["url"] = $"{api}repos/{repository.FullName}/git/refs/heads/{name}",
        ["object"] = new JsonObject { ["type"] = "commit", ["sha"] = sha, ["url"] = $"{api}repos/{repository.FullName}/git/commits/{sha}" },
    };

    public static JsonObject Commit(string api, GitHubApiRepository repository, GitHubApiCommit commit) => new()
    {
        ["sha"] = commit.Sha,
        ["node_id"] = $"C_{commit.Sha}",
        ["url"] = $"{api}repos/{repository.FullName}/git/commits/{commit.Sha}",
        ["html_url"] = $"{repository.HtmlUrl}/commit/{commit.Sha}",
        ["message"] = commit.Message,
        ["author"] = new JsonObject { ["name"] = "Sophia", ["email"] = "sophia@example.com", ["date"] = "2020-01-01T00:00:00Z" },
        ["committer"] = new JsonObject { ["name"] = "Sophia", ["email"] = "sophia@example.com", ["date"] = "2020-01-01T00:00:00Z" },
        ["parents"] = new JsonArray(),
    };
}
