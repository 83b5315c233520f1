using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sophia.Memory;
using Sophia.Tests.Memory;
using Sophia.Tests.Integrations.GitHub;

namespace Sophia.Tests.Integrations;

/// <summary>A syncing integration on a schedule: it syncs by itself, shows its counts on memory's progress stream, and its documents cite their source.</summary>
public sealed class SyncScheduleTests
{
    [Fact]
    public async Task A_scheduled_sync_runs_by_itself_reports_on_the_memory_stream_and_its_documents_carry_their_source()
    {
        using var data = new TempFolder();
        await using var github = await GitHubApiServer.StartAsync();
        github.Tokens["ghp_schedule"] = "octocat";
        var issues = github.Data.AddRepository("acme/app");
        var changedAt = github.Time.GetUtcNow().AddHours(-2);
        issues.AddIssue("Exports time out", "The CSV export of large invoices times out after 30 s.", changedAt);
        issues.AddIssue("Dark mode", "Customers ask for a dark theme.", changedAt);
        await using var server = await SophiaServer.StartAsync(data.Path);
        var token = await server.TokenAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var tooOften = GitHubUnderTest.TokenBody(github, "ghp_schedule", "acme/app");
        tooOften["syncEveryMinutes"] = 0;
        using var refused = await http.PutAsJsonAsync("/api/integrations/github", tooOften);
        using var notConnected = await http.GetAsync("/api/integrations/github");

        using var events = await MemoryEndpointTests.EventStream.OpenAsync(http, "/api/memory/events?scope=tenant");
        var hourly = GitHubUnderTest.TokenBody(github, "ghp_schedule", "acme/app");
        hourly["syncEveryMinutes"] = 1;
        using var connected = await http.PutAsJsonAsync("/api/integrations/github", hourly);
        var finished = await events.WaitForEvent("sync", e => e.GetProperty("state").GetString() == "idle" && e.GetProperty("synced").GetInt32() > 0,
            "the scheduled sync's last progress event");
        var status = JsonNode.Parse(await http.GetStringAsync("/api/integrations/github"))!;
        using var recall = await http.PostAsJsonAsync("/api/memory/recall?scope=tenant", new { query = "CSV export of invoices times out", topK = 3 });
        var passages = (await recall.Content.ReadFromJsonAsync<List<Passage>>(JsonSerializerOptions.Web))!;

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("'syncEveryMinutes' must be a whole number of minutes from 1", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, notConnected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, connected.StatusCode);
        Assert.Equal("github", finished.GetProperty("integration").GetString());
        Assert.Equal(0, finished.GetProperty("failed").GetInt32());
        Assert.Equal(1, status["sync"]!["everyMinutes"]!.GetValue<int>());
        Assert.NotNull(status["sync"]!["lastSyncAt"]);
        var exports = passages.First(p => p.Source?.Url == "https://github.com/acme/app/issues/1");
        Assert.Equal("issue", exports.Source!.Type);
        Assert.Equal(changedAt.ToUnixTimeSeconds(), exports.Source.ModifiedAt.ToUnixTimeSeconds());
    }
}
