using Sophia.Memory;

namespace Sophia.Tests.Integrations.GitHub;

[Collection(GitHubCollection.Name)]
public sealed class GitHubSyncTests(GitHubFixture fixture)
{
    private const string Token = "ghp_sync";

    [Fact]
    public async Task Sync_pages_through_every_issue_and_reads_markdown_files()
    {
        await using var server = await GitHubApiServer.StartAsync();
        server.Tokens[Token] = "octocat";
        var repository = server.Data.AddRepository("acme/app", new Dictionary<string, string> { ["README.md"] = "# App\nHow to run it.", ["docs/design.md"] = "# Design\nOne grain.", ["src/app.cs"] = "class App {}" });
        for (var i = 1; i <= 205; i++)
        {
            repository.AddIssue($"Issue {i}", $"Body of issue {i}", server.Time.GetUtcNow());
        }

        using var github = new GitHubUnderTest("gh-paging", GitHubUnderTest.TokenBody(server, Token, "acme/app"), fixture.Grains);
        var progress = await github.SyncAsync();

        Assert.Equal(205 + 2, progress.Processed);
        Assert.Equal(205 + 2, progress.Documents);
        Assert.Contains(server.Requests, r => r.PathAndQuery.Contains("/issues?", StringComparison.Ordinal) && r.PathAndQuery.Contains("page=3", StringComparison.Ordinal));
        var names = (await Memory("gh-paging").ListDocumentsAsync()).Select(d => d.Name).ToList();
        Assert.Equal(205, names.Count(n => n.StartsWith("https://github.com/acme/app/issues/", StringComparison.Ordinal)));
        Assert.Contains("https://github.com/acme/app/issues/205 Issue 205", names);
        Assert.Contains(names, n => n.StartsWith("https://github.com/acme/app/blob/main/docs/design.md", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.Contains("app.cs", StringComparison.Ordinal));
        Assert.True(github.RateBudget.Remaining < GitHubApiServer.HourlyLimit, "the rate budget GitHub reported is passed on");
    }

    [Fact]
    public async Task Second_sync_asks_with_etags_gets_304s_and_writes_nothing()
    {
        await using var server = await GitHubApiServer.StartAsync();
        server.Tokens[Token] = "octocat";
        var repository = server.Data.AddRepository("acme/etags");
        repository.AddIssue("Login fails", "Steps to reproduce", server.Time.GetUtcNow());
        repository.AddComment(1, "Seen it too", server.Time.GetUtcNow());
        using var github = new GitHubUnderTest("gh-etags", GitHubUnderTest.TokenBody(server, Token, "acme/etags"), fixture.Grains);
        Assert.Equal(2, (await github.SyncAsync()).Documents);
        var before = server.Requests.Count;
        var remaining = server.RateRemaining;

        var second = await github.SyncAsync();

        var again = server.Requests.Skip(before).ToList();
        Assert.Equal(0, second.Documents);
        Assert.Equal(2, second.Processed);
        Assert.Contains(again, r => r.PathAndQuery.Contains("/issues?", StringComparison.Ordinal) && r.IfNoneMatch.Length > 0);
        Assert.Equal(again.Count, server.NotModifiedAnswers);
        Assert.Equal(remaining, server.RateRemaining);
    }

    [Fact]
    public async Task A_changed_issue_replaces_its_document()
    {
        await using var server = await GitHubApiServer.StartAsync();
        server.Tokens[Token] = "octocat";
        var repository = server.Data.AddRepository("acme/changes");
        repository.AddIssue("Crash on start", "It crashes.", server.Time.GetUtcNow());
        repository.AddIssue("Slow search", "Search is slow.", server.Time.GetUtcNow());
        using var github = new GitHubUnderTest("gh-changes", GitHubUnderTest.TokenBody(server, Token, "acme/changes"), fixture.Grains);
        await github.SyncAsync();
        var memory = Memory("gh-changes");
        var first = Single(await memory.ListDocumentsAsync(), "https://github.com/acme/changes/issues/1 ");

        repository.EditIssue(1, "It crashes when the config file is missing.", server.Time.GetUtcNow());
        var progress = await github.SyncAsync();

        Assert.Equal(1, progress.Documents);
        var documents = await memory.ListDocumentsAsync();
        var replaced = Single(documents, "https://github.com/acme/changes/issues/1 ");
        Assert.NotEqual(first.DocumentId, replaced.DocumentId);
        Assert.DoesNotContain(documents, d => d.DocumentId == first.DocumentId);
        Assert.Single(documents, d => d.Name.StartsWith("https://github.com/acme/changes/issues/2 ", StringComparison.Ordinal));
    }

    private IMemoryGrain Memory(string tenant) => fixture.Grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(tenant, MemoryScopes.Tenant));

    private static IngestionStatus Single(IEnumerable<IngestionStatus> documents, string namePrefix) =>
        Assert.Single(documents, d => d.Name.StartsWith(namePrefix, StringComparison.Ordinal));
}
