using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sophia.Tests.Infrastructure.GitHub;

namespace Sophia.Tests.Infrastructure;

/// <summary>The endpoints, at the paths GitHub's REST reference gives.</summary>
public sealed partial class GitHubApiServer
{
    private void MapRoutes(WebApplication app)
    {
        app.MapPost("/app/installations/{id:long}/access_tokens", (HttpContext c, long id) => IssueInstallationTokenAsync(c, id));
        app.MapGet("/user", (HttpContext c) => _installationTokens.ContainsKey(Credential(c))
            ? WriteAsync(c, 403, Error("Resource not accessible by integration", Docs))
            : WriteAsync(c, 200, GitHubApiJson.User("octocat")));
        var repos = app.MapGroup("/repos/{owner}/{repo}");
        repos.MapGet("", (HttpContext c, string owner, string repo) => With(c, owner, repo, r => WriteAsync(c, 200, GitHubApiJson.Repository(BaseUrl, r))));
        MapIssues(repos);
        MapPulls(repos);
        MapContents(repos);
        MapGit(repos);
        app.MapGet("/search/code", SearchCodeAsync);
    }

    private void MapIssues(RouteGroupBuilder repos)
    {
        repos.MapGet("/issues", (HttpContext c, string owner, string repo) => With(c, owner, repo, r =>
        {
            var query = c.Request.Query;
            var state = query["state"].ToString() is { Length: > 0 } s ? s : "open";
            var since = DateTimeOffset.TryParse(query["since"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
            var issues = Locked(() => r.Issues.Where(i => state == "all" || i.State == state).Where(i => since is null || i.UpdatedAt >= since).ToList());
            var sorted = query["sort"] == "updated" ? issues.OrderBy(i => i.UpdatedAt).ThenBy(i => i.Number) : issues.OrderBy(i => i.CreatedAt).ThenBy(i => i.Number);
            var ordered = query["direction"] == "asc" ? sorted.ToList() : sorted.Reverse().ToList();
            return WritePageAsync(c, Locked(() => ordered.Select(i => (JsonNode)GitHubApiJson.Issue(BaseUrl, r, i)).ToList()));
        }));
        repos.MapGet("/issues/{number:int}", (HttpContext c, string owner, string repo, int number) => WithIssue(c, owner, repo, number, (r, i) =>
            WriteAsync(c, 200, Locked(() => GitHubApiJson.Issue(BaseUrl, r, i)))));
        repos.MapGet("/issues/{number:int}/comments", (HttpContext c, string owner, string repo, int number) => WithIssue(c, owner, repo, number, (r, i) =>
            WritePageAsync(c, Locked(() => i.Comments.Select(m => (JsonNode)GitHubApiJson.Comment(BaseUrl, r, i, m)).ToList()))));
        repos.MapPost("/issues", (HttpContext c, string owner, string repo) => With(c, owner, repo, async r =>
        {
            var body = await BodyAsync(c);
            if (body["title"]?.GetValue<string>() is not { Length: > 0 } title)
            {
                await UnprocessableAsync(c, "Validation Failed: title is missing");
                return;
            }

            var issue = r.AddIssue(title, body["body"]?.GetValue<string>(), Time.GetUtcNow());
            await WriteAsync(c, 201, Locked(() => GitHubApiJson.Issue(BaseUrl, r, issue)));
        }));
        repos.MapPost("/issues/{number:int}/comments", (HttpContext c, string owner, string repo, int number) => WithIssue(c, owner, repo, number, async (r, i) =>
        {
            var body = await BodyAsync(c);
            if (body["body"]?.GetValue<string>() is not { Length: > 0 } text)
            {
                await UnprocessableAsync(c, "Validation Failed: body is missing");
                return;
            }

            var comment = r.AddComment(i.Number, text, Time.GetUtcNow());
            await WriteAsync(c, 201, Locked(() => GitHubApiJson.Comment(BaseUrl, r, i, comment)));
        }));
    }

    private void MapPulls(RouteGroupBuilder repos)
    {
        repos.MapGet("/pulls", (HttpContext c, string owner, string repo) => With(c, owner, repo, r =>
        {
            var state = c.Request.Query["state"].ToString() is { Length: > 0 } s ? s : "open";
            return WritePageAsync(c, Locked(() => r.Issues.Where(i => i.Pull is not null && (state == "all" || i.State == state))
                .OrderByDescending(i => i.Number).Select(i => (JsonNode)GitHubApiJson.Pull(BaseUrl, r, i)).ToList()));
        }));
        repos.MapGet("/pulls/{number:int}", (HttpContext c, string owner, string repo, int number) => WithIssue(c, owner, repo, number, (r, i) =>
            i.Pull is null ? NotFoundAsync(c) : WriteAsync(c, 200, Locked(() => GitHubApiJson.Pull(BaseUrl, r, i)))));
        repos.MapGet("/pulls/{number:int}/files", (HttpContext c, string owner, string repo, int number) => WithIssue(c, owner, repo, number, (r, i) =>
        {
            if (i.Pull is null)
            {
                return NotFoundAsync(c);
            }

            var files = Locked(() =>
            {
                var head = r.FilesAt(i.Pull.HeadSha)!;
                var @base = r.FilesAt(i.Pull.Base)!;
                return head.Where(f => !@base.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => (JsonNode)new JsonObject
                {
                    ["sha"] = GitHubApiRepository.BlobSha(f.Value),
                    ["filename"] = f.Key,
                    ["status"] = @base.ContainsKey(f.Key) ? "modified" : "added",
                    ["additions"] = f.Value.Split('\n').Length,
                    ["deletions"] = @base.TryGetValue(f.Key, out var old) ? old.Split('\n').Length : 0,
                    ["changes"] = f.Value.Split('\n').Length,
                    ["blob_url"] = $"{r.HtmlUrl}/blob/{i.Pull.HeadSha}/{f.Key}",
                }).ToList();
            });
            return WritePageAsync(c, files);
        }));
        repos.MapPost("/pulls", (HttpContext c, string owner, string repo) => With(c, owner, repo, async r =>
        {
            var body = await BodyAsync(c);
            var (title, head, @base) = (body["title"]?.GetValue<string>(), body["head"]?.GetValue<string>(), body["base"]?.GetValue<string>());
            var headSha = head is null ? null : Locked(() => r.Branches.GetValueOrDefault(head));
            if (title is null || headSha is null || @base is null || !Locked(() => r.Branches.ContainsKey(@base)))
            {
                await UnprocessableAsync(c, "Validation Failed: title, head and base must name existing branches");
                return;
            }

            var issue = r.AddIssue(title, body["body"]?.GetValue<string>(), Time.GetUtcNow(), pull: new GitHubApiPull(head!, headSha, @base));
            await WriteAsync(c, 201, Locked(() => GitHubApiJson.Pull(BaseUrl, r, issue)));
        }));
    }

    private void MapContents(RouteGroupBuilder repos)
    {
        repos.MapGet("/contents/{**path}", (HttpContext c, string owner, string repo, string path) => With(c, owner, repo, r =>
        {
            var reference = c.Request.Query["ref"].ToString() is { Length: > 0 } given ? given : r.DefaultBranch;
            var answer = Locked<JsonNode?>(() =>
            {
                if (r.FilesAt(reference) is not { } files)
                {
                    return null;
                }

                if (files.TryGetValue(path, out var content))
                {
                    return GitHubApiJson.Content(BaseUrl, r, reference, path, content);
                }

                var prefix = path.TrimEnd('/') + "/";
                var entries = files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..].Split('/')[0]).Distinct().ToList();
                return entries.Count == 0 ? null : new JsonArray([.. entries.Select(e => files.TryGetValue(prefix + e, out var text)
                    ? (JsonNode)GitHubApiJson.Content(BaseUrl, r, reference, prefix + e, text)
                    : GitHubApiJson.Folder(BaseUrl, r, reference, prefix + e))]);
            });
            return answer is null ? NotFoundAsync(c) : WriteAsync(c, 200, answer);
        }));
        repos.MapPut("/contents/{**path}", (HttpContext c, string owner, string repo, string path) => With(c, owner, repo, async r =>
        {
            var body = await BodyAsync(c);
            var (message, content, sha) = (body["message"]?.GetValue<string>(), body["content"]?.GetValue<string>(), body["sha"]?.GetValue<string>());
            var branch = body["branch"]?.GetValue<string>() ?? r.DefaultBranch;
            if (message is null || content is null)
            {
                await UnprocessableAsync(c, "Invalid request.\n\n\"message\" and \"content\" are required.");
                return;
            }

            var (status, answer) = Locked<(int, JsonNode)>(() =>
            {
                if (!r.Branches.TryGetValue(branch, out var head))
                {
                    return (404, Error($"Branch {branch} not found", Docs));
                }

                var files = new Dictionary<string, string>(r.Commits[head].Files);
                var exists = files.TryGetValue(path, out var current);
                if (exists && sha is null)
                {
                    return (422, Error("Invalid request.\n\n\"sha\" wasn't supplied.", Docs));
                }

                if (exists && sha != GitHubApiRepository.BlobSha(current!))
                {
                    return (409, Error($"{path} does not match {sha}", Docs));
                }

                files[path] = Encoding.UTF8.GetString(Convert.FromBase64String(content));
                var commit = r.AddCommit(message, files);
                r.Branches[branch] = commit;
                return (exists ? 200 : 201, new JsonObject
                {
                    ["content"] = GitHubApiJson.Content(BaseUrl, r, branch, path, files[path]),
                    ["commit"] = GitHubApiJson.Commit(BaseUrl, r, r.Commits[commit]),
                });
            });
            await WriteAsync(c, status, answer);
        }));
    }

    private void MapGit(RouteGroupBuilder repos)
    {
        Task GetReference(HttpContext c, string owner, string repo, string reference) => With(c, owner, repo, r =>
        {
            var name = reference.StartsWith("heads/", StringComparison.Ordinal) ? reference["heads/".Length..] : null;
            var sha = name is null ? null : Locked(() => r.Branches.GetValueOrDefault(name));
            return sha is null ? NotFoundAsync(c) : WriteAsync(c, 200, GitHubApiJson.Reference(BaseUrl, r, name!, sha));
        });
        repos.MapGet("/git/ref/{**reference}", GetReference);
        repos.MapGet("/git/refs/{**reference}", GetReference);
        repos.MapPost("/git/refs", (HttpContext c, string owner, string repo) => With(c, owner, repo, async r =>
        {
            var body = await BodyAsync(c);
            var (reference, sha) = (body["ref"]?.GetValue<string>(), body["sha"]?.GetValue<string>());
            var (status, answer) = Locked<(int, JsonNode)>(() =>
            {
                if (reference?.StartsWith("refs/heads/", StringComparison.Ordinal) != true || sha is null || !r.Commits.ContainsKey(sha))
                {
                    return (422, Error("Reference update failed", Docs));
                }

                var name = reference["refs/heads/".Length..];
                if (!r.Branches.TryAdd(name, sha))
                {
                    return (422, Error("Reference already exists", Docs));
                }

                return (201, GitHubApiJson.Reference(BaseUrl, r, name, sha));
            });
            await WriteAsync(c, status, answer);
        }));
        repos.MapGet("/git/trees/{reference}", (HttpContext c, string owner, string repo, string reference) => With(c, owner, repo, r =>
        {
            var recursive = c.Request.Query.ContainsKey("recursive");
            var tree = Locked<JsonNode?>(() => r.FilesAt(reference) is not { } files ? null : new JsonObject
            {
                ["sha"] = r.Branches.GetValueOrDefault(reference, reference),
                ["url"] = $"{BaseUrl}repos/{r.FullName}/git/trees/{reference}",
                ["tree"] = new JsonArray([.. files.Where(f => recursive || !f.Key.Contains('/')).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (JsonNode)new JsonObject
                {
                    ["path"] = f.Key,
                    ["mode"] = "100644",
                    ["type"] = "blob",
                    ["sha"] = GitHubApiRepository.BlobSha(f.Value),
                    ["size"] = Encoding.UTF8.GetByteCount(f.Value),
                    ["url"] = $"{BaseUrl}repos/{r.FullName}/git/blobs/{GitHubApiRepository.BlobSha(f.Value)}",
                })]),
                ["truncated"] = false,
            });
            return tree is null ? NotFoundAsync(c) : WriteAsync(c, 200, tree);
        }));
        repos.MapGet("/git/blobs/{sha}", (HttpContext c, string owner, string repo, string sha) => With(c, owner, repo, r =>
        {
            var content = Locked(() => r.Commits.Values.SelectMany(m => m.Files.Values).FirstOrDefault(v => GitHubApiRepository.BlobSha(v) == sha));
            return content is null ? NotFoundAsync(c) : WriteAsync(c, 200, new JsonObject
            {
                ["sha"] = sha,
                ["node_id"] = $"B_{sha}",
                ["size"] = Encoding.UTF8.GetByteCount(content),
                ["url"] = $"{BaseUrl}repos/{r.FullName}/git/blobs/{sha}",
                ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content), Base64FormattingOptions.InsertLineBreaks),
                ["encoding"] = "base64",
            });
        }));
    }

    /// <summary>Code search: every word outside a qualifier must occur in the file; <c>repo:</c> qualifiers choose the repositories.</summary>
    private Task SearchCodeAsync(HttpContext c)
    {
        var terms = c.Request.Query["q"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var repositories = terms.Where(t => t.StartsWith("repo:", StringComparison.Ordinal)).Select(t => t["repo:".Length..].Split('/')).ToList();
        var words = terms.Where(t => !t.Contains(':')).ToList();
        if (words.Count == 0)
        {
            return UnprocessableAsync(c, "Validation Failed: the search needs at least one word");
        }

        var items = new List<JsonNode>();
        foreach (var name in repositories)
        {
            if (name is not [var owner, var repo] || Data.Find(owner, repo) is not { } r)
            {
                return UnprocessableAsync(c, "Validation Failed: the listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.");
            }

            items.AddRange(Locked(() => r.FilesAt(r.DefaultBranch)!.Where(f => words.All(w => f.Value.Contains(w, StringComparison.OrdinalIgnoreCase))).Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Key.Split('/')[^1],
                ["path"] = f.Key,
                ["sha"] = GitHubApiRepository.BlobSha(f.Value),
                ["url"] = $"{BaseUrl}repos/{r.FullName}/contents/{f.Key}",
                ["git_url"] = $"{BaseUrl}repos/{r.FullName}/git/blobs/{GitHubApiRepository.BlobSha(f.Value)}",
                ["html_url"] = $"{r.HtmlUrl}/blob/{r.Branches[r.DefaultBranch]}/{f.Key}",
                ["repository"] = GitHubApiJson.Repository(BaseUrl, r),
                ["score"] = 1.0,
            })));
        }

        return WriteAsync(c, 200, new JsonObject { ["total_count"] = items.Count, ["incomplete_results"] = false, ["items"] = new JsonArray([.. items]) });
    }

    private Task With(HttpContext c, string owner, string repo, Func<GitHubApiRepository, Task> then) =>
        Data.Find(owner, repo) is { } repository ? then(repository) : NotFoundAsync(c);

    private Task WithIssue(HttpContext c, string owner, string repo, int number, Func<GitHubApiRepository, GitHubApiIssue, Task> then) =>
        With(c, owner, repo, r => r.Issue(number) is { } issue ? then(r, issue) : NotFoundAsync(c));

    private T Locked<T>(Func<T> read)
    {
        lock (Data.Gate)
        {
            return read();
        }
    }

    private static async Task<JsonObject> BodyAsync(HttpContext c) => (await JsonNode.ParseAsync(c.Request.Body))?.AsObject() ?? [];

    private static string Credential(HttpContext c) => c.Request.Headers.Authorization.ToString().Split(' ', 2) is [_, var value] ? value.Trim() : "";
}
