using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sophia.Integrations;

namespace Sophia.Tests.Integrations.GitHub;

[Collection(GitHubCollection.Name)]
public sealed class GitHubToolTests(GitHubFixture fixture)
{
    private const string Token = "ghp_tools";

    [Fact]
    public async Task Tools_are_named_for_models_and_writes_are_risky()
    {
        await using var server = await StartAsync();
        using var github = Connect(server);

        var tools = await github.Provider.ToolsAsync(github.Session, CancellationToken.None);

        Assert.All(tools, t => Assert.Matches("^github_[a-z_]{1,57}$", t.Name));
        Assert.All(tools, t => Assert.Equal("object", JsonNode.Parse(t.InputSchema)!["type"]!.GetValue<string>()));
        Assert.Equal(["github_comment", "github_create_issue", "github_propose_change"], tools.Where(t => t.Risky).Select(t => t.Name).Order());
    }

    [Fact]
    public async Task Reading_an_issue_numbers_it_and_its_comments_with_their_urls()
    {
        await using var server = await StartAsync();
        server.Data.Find("acme", "app")!.AddIssue("Export to CSV", "Customers ask for CSV export.", server.Time.GetUtcNow());
        server.Data.Find("acme", "app")!.AddComment(1, "Planned for May.", server.Time.GetUtcNow());
        using var github = Connect(server);

        var text = await github.CallAsync("github_read_issue", new JsonObject { ["repository"] = "acme/app", ["number"] = 1 });

        Assert.Contains("[1] acme/app #1 Export to CSV", text);
        Assert.Contains("— https://github.com/acme/app/issues/1", text);
        Assert.Contains("Customers ask for CSV export.", text);
        Assert.Matches(new Regex(@"\[2\] comment by octocat .* — https://github\.com/acme/app/issues/1#issuecomment-\d+"), text);
        Assert.Contains("Planned for May.", text);
    }

    [Fact]
    public async Task Code_search_is_scoped_to_the_connected_repositories()
    {
        await using var server = await StartAsync();
        using var github = Connect(server);

        var text = await github.CallAsync("github_search_code", new JsonObject { ["query"] = "RetryPolicy" });

        Assert.Contains(server.Requests, r => r.PathAndQuery.StartsWith("/search/code?", StringComparison.Ordinal) && Uri.UnescapeDataString(r.PathAndQuery).Contains("q=RetryPolicy+repo:acme/app", StringComparison.Ordinal));
        Assert.Contains("[1] acme/app: src/Retry.cs — https://github.com/acme/app/blob/", text);
    }

    [Fact]
    public async Task A_repository_that_is_not_connected_is_refused()
    {
        await using var server = await StartAsync();
        server.Data.AddRepository("acme/secret");
        using var github = Connect(server);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() =>
            github.CallAsync("github_read_file", new JsonObject { ["repository"] = "acme/secret", ["path"] = "README.md" }));

        Assert.Contains("'acme/secret' is not a connected repository", refusal.Message);
        Assert.Contains("acme/app", refusal.Message);
        Assert.DoesNotContain(server.Requests, r => r.PathAndQuery.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Proposing_a_change_previews_its_diff_then_makes_a_branch_a_commit_and_a_pull_request()
    {
        await using var server = await StartAsync();
        using var github = Connect(server);
        var change = new JsonObject
        {
            ["repository"] = "acme/app",
            ["path"] = "README.md",
            ["content"] = "# App\nHow to run it: dotnet run.\n",
            ["message"] = "Say how to run the app",
            ["title"] = "Document how to run",
        };

        var preview = await github.Provider.PreviewAsync(github.Session, "github_propose_change", change, CancellationToken.None);
        var result = await github.CallAsync("github_propose_change", change);

        Assert.Contains("--- a/README.md", preview);
        Assert.Contains("+++ b/README.md", preview);
        Assert.Contains("-How to run it.", preview);
        Assert.Contains("+How to run it: dotnet run.", preview);
        var repository = server.Data.Find("acme", "app")!;
        var pull = Assert.Single(repository.Issues, i => i.Pull is not null);
        Assert.Equal("Document how to run", pull.Title);
        Assert.Equal("main", pull.Pull!.Base);
        Assert.StartsWith("sophia/document-how-to-run-", pull.Pull.Head);
        Assert.Equal("# App\nHow to run it: dotnet run.\n", repository.FilesAt(pull.Pull.Head)!["README.md"]);
        Assert.Equal("# App\nHow to run it.\n", repository.FilesAt("main")!["README.md"]);
        Assert.Contains($"https://github.com/acme/app/pull/{pull.Number}", result);
    }

    [Fact]
    public async Task A_secondary_rate_limit_is_waited_out_and_the_call_succeeds()
    {
        await using var server = await StartAsync();
        server.Data.Find("acme", "app")!.AddIssue("Flaky test", null, server.Time.GetUtcNow());
        using var github = Connect(server);
        server.ArmSecondaryRateLimit();

        var text = await github.CallAsync("github_read_issue", new JsonObject { ["repository"] = "acme/app", ["number"] = 1 });

        Assert.Contains("Flaky test", text);
        Assert.Equal(2, server.Requests.Count(r => r.PathAndQuery == "/repos/acme/app/issues/1"));
    }

    private static async Task<GitHubApiServer> StartAsync()
    {
        var server = await GitHubApiServer.StartAsync();
        server.Tokens[Token] = "octocat";
        server.Data.AddRepository("acme/app", new Dictionary<string, string>
        {
            ["README.md"] = "# App\nHow to run it.\n",
            ["src/Retry.cs"] = "public sealed class RetryPolicy { }",
        });
        return server;
    }

    private GitHubUnderTest Connect(GitHubApiServer server) => new("gh-tools", GitHubUnderTest.TokenBody(server, Token, "acme/app"), fixture.Grains);
}
