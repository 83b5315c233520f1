using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Sophia.Integrations;

namespace Sophia.Tests.Integrations.GitHub;

[Collection(GitHubCollection.Name)]
public sealed class GitHubConnectTests(GitHubFixture fixture)
{
    private const long AppId = 4242;
    private const long InstallationId = 77;

    [Theory]
    [InlineData("""{"token": "t", "repositories": ["acme"]}""", "'repositories'")]
    [InlineData("""{"token": "t", "repositories": []}""", "'repositories'")]
    [InlineData("""{"token": "t", "repositories": ["acme/app"], "baseUrl": "ftp://github.example/"}""", "'baseUrl'")]
    [InlineData("""{"repositories": ["acme/app"]}""", "'token'")]
    [InlineData("""{"appId": "12", "installationId": 3, "privateKey": "not a key", "repositories": ["acme/app"]}""", "'privateKey'")]
    [InlineData("""{"appId": "12", "privateKey": "x", "repositories": ["acme/app"]}""", "'installationId'")]
    public void Malformed_settings_are_refused_naming_the_field(string body, string field)
    {
        var refusal = Assert.Throws<IntegrationRefusedException>(() => new Sophia.Integrations.GitHub.GitHubIntegration().Parse(JsonNode.Parse(body)!.AsObject()));

        Assert.Contains(field, refusal.Message);
    }

    [Fact]
    public void Secrets_are_kept_apart_from_the_settings()
    {
        using var key = RSA.Create(2048);
        var token = new Sophia.Integrations.GitHub.GitHubIntegration().Parse(JsonNode.Parse("""{"token": "ghp_secret", "repositories": ["acme/app"]}""")!.AsObject());
        var app = new Sophia.Integrations.GitHub.GitHubIntegration().Parse(new JsonObject { ["appId"] = "1", ["installationId"] = 2, ["privateKey"] = key.ExportRSAPrivateKeyPem(), ["repositories"] = new JsonArray("acme/app") });

        Assert.Equal("ghp_secret", token.Secrets["token"]);
        Assert.DoesNotContain("ghp_secret", token.Settings.ToJsonString());
        Assert.Equal("https://api.github.com/", token.Settings["baseUrl"]!.GetValue<string>());
        Assert.DoesNotContain("PRIVATE KEY", app.Settings.ToJsonString());
        Assert.Contains("PRIVATE KEY", app.Secrets["privateKey"]);
    }

    [Fact]
    public async Task A_bad_token_is_refused_saying_so()
    {
        await using var server = await GitHubApiServer.StartAsync();
        server.Tokens["ghp_good"] = "octocat";
        server.Data.AddRepository("acme/app");
        using var github = new GitHubUnderTest("gh-connect", GitHubUnderTest.TokenBody(server, "ghp_wrong", "acme/app"), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => github.Provider.CheckAsync(github.Session, CancellationToken.None));

        Assert.Contains("refused the token", refusal.Message);
        Assert.Contains("401 Bad credentials", refusal.Message);
        Assert.Contains("'token'", refusal.Message);
        Assert.DoesNotContain("ghp_wrong", refusal.Message);
    }

    [Fact]
    public async Task A_repository_the_token_cannot_see_is_named()
    {
        await using var server = await GitHubApiServer.StartAsync();
        server.Tokens["ghp_good"] = "octocat";
        server.Data.AddRepository("acme/app");
        using var github = new GitHubUnderTest("gh-connect", GitHubUnderTest.TokenBody(server, "ghp_good", "acme/app", "acme/missing"), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => github.Provider.CheckAsync(github.Session, CancellationToken.None));

        Assert.Contains("'acme/missing' (404)", refusal.Message);
    }

    [Fact]
    public async Task An_app_installation_token_is_fetched_once_reused_and_refreshed_near_expiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await GitHubApiServer.StartAsync(time);
        using var key = RSA.Create(2048);
        server.App = (AppId, InstallationId, key);
        server.Data.AddRepository("acme/app").AddIssue("Token refresh", "body", time.GetUtcNow());
        using var github = new GitHubUnderTest("gh-app", GitHubUnderTest.AppBody(server, AppId, InstallationId, key, "acme/app"), fixture.Grains, time);
        var read = new JsonObject { ["repository"] = "acme/app", ["number"] = 1 };

        await github.Provider.CheckAsync(github.Session, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => github.CallAsync("github_read_issue", read)));
        Assert.Equal(1, server.InstallationTokensIssued);
        Assert.NotNull(github.State["installationToken"]?["expiresAt"]);

        time.Advance(TimeSpan.FromMinutes(50));
        await github.CallAsync("github_read_issue", read);
        Assert.Equal(1, server.InstallationTokensIssued);

        time.Advance(TimeSpan.FromMinutes(6));
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => github.CallAsync("github_read_issue", read)));
        Assert.Equal(2, server.InstallationTokensIssued);
        Assert.All(server.Requests.Where(r => r.PathAndQuery.StartsWith("/repos", StringComparison.Ordinal)), r => Assert.StartsWith("Bearer ghs_", r.Authorization));
    }

    [Fact]
    public async Task An_app_with_another_key_is_refused()
    {
        await using var server = await GitHubApiServer.StartAsync();
        using var key = RSA.Create(2048);
        using var otherKey = RSA.Create(2048);
        server.App = (AppId, InstallationId, key);
        server.Data.AddRepository("acme/app");
        using var github = new GitHubUnderTest("gh-app", GitHubUnderTest.AppBody(server, AppId, InstallationId, otherKey, "acme/app"), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => github.Provider.CheckAsync(github.Session, CancellationToken.None));

        Assert.Contains("'privateKey'", refusal.Message);
        Assert.Equal(0, server.InstallationTokensIssued);
    }
}
