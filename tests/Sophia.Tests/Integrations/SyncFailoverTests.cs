using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sophia.Integrations;
using Sophia.Memory;
using Sophia.Tests.Cluster;
using Sophia.Tests.Integrations.GitHub;
using Sophia.Tests.Memory;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Integrations;

/// <summary>A sync outlives the silo that ran it: killed mid-way, it goes on from its checkpoint on another, and nothing is written twice.</summary>
public sealed class SyncFailoverTests
{
    private const int IssueCount = 60;

    [Fact]
    public async Task A_sync_whose_silo_is_killed_resumes_on_another_and_writes_each_record_once()
    {
        await using var github = await GitHubApiServer.StartAsync();
        github.Tokens["ghp_failover"] = "octocat";
        var repository = github.Data.AddRepository("acme/app");
        for (var i = 1; i <= IssueCount; i++)
        {
            repository.AddIssue($"Customer request {i}", $"Request number {i} from the customer board.", github.Time.GetUtcNow());
            repository.AddComment(i, $"Triage note for request {i}.", github.Time.GetUtcNow());
        }

        // Slow enough that the kill lands mid-sync: each issue's comments take a request.
        github.ResponseDelay = TimeSpan.FromMilliseconds(150);
        await using var database = await PostgresTestDatabase.CreateAsync(owned: true);
        await using var qdrant = await QdrantServer.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu", "eu"], new Dictionary<string, string> { ["Sophia__Memory__Qdrant__Url"] = qdrant.Url });
        await cluster.ConnectClientAsync();
        var http = cluster.Http;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await cluster.TokenAsync());
        using var connected = await http.PutAsJsonAsync("/api/integrations/github", GitHubUnderTest.TokenBody(github, "ghp_failover", "acme/app"));
        Assert.True(connected.IsSuccessStatusCode, await connected.Content.ReadAsStringAsync());
        using var started = await http.PostAsync("/api/integrations/github/sync", null);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        await Within.Wait(UntilProcessedAsync(http, IssueCount / 4), "a quarter of the issues synced", TimeSpan.FromSeconds(60));

        (await cluster.HostOfAsync("integration", IntegrationNames.Key(GrainKeys.DefaultTenant, IntegrationNames.GitHub))).Kill();
        await cluster.WaitForActiveSilosAsync(1);
        github.ResponseDelay = TimeSpan.Zero;
        var status = await Within.Wait(UntilSyncedAsync(http), "the resumed sync to finish", TimeSpan.FromSeconds(150));
        var documents = (await http.GetFromJsonAsync<List<IngestionStatus>>("/api/memory/documents?scope=tenant", JsonSerializerOptions.Web))!;

        Assert.Equal("idle", status["sync"]!["state"]!.GetValue<string>());
        var issues = documents.Where(d => d.Name.Contains("/issues/", StringComparison.Ordinal)).ToList();
        Assert.Equal(IssueCount, issues.Count);
        Assert.Equal(IssueCount, issues.Select(d => d.Name).Distinct().Count());
        Assert.Single(documents, d => d.Name.EndsWith("README.md", StringComparison.Ordinal));
        Assert.All(Enumerable.Range(1, IssueCount), i => Assert.Contains(documents, d => d.Name.EndsWith($"Customer request {i}", StringComparison.Ordinal)));
    }

    private static async Task<int> UntilProcessedAsync(HttpClient http, int processed)
    {
        while (true)
        {
            var sync = (await StatusAsync(http))?["sync"];
            if (sync?["processed"]?.GetValue<int>() >= processed)
            {
                return 0;
            }

            if (sync?["state"]?.GetValue<string>() == SyncStates.Failed)
            {
                throw new InvalidOperationException($"The sync failed: {sync["lastError"]}");
            }


            await Task.Delay(100);
        }
    }

    // Asking for the status reactivates the integration on a live silo, which resumes the sync there.
    private static async Task<JsonNode> UntilSyncedAsync(HttpClient http)
    {
        while (true)
        {
            if (await StatusAsync(http) is { } status && status["sync"]?["lastSyncAt"] is not null && status["sync"]!["state"]!.GetValue<string>() != SyncStates.Running)
            {
                return status;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<JsonNode?> StatusAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/api/integrations/github");
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
