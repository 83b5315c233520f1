using System.Text.Json.Nodes;
using Sophia.Integrations;
using Sophia.Integrations.Providers;
using Sophia.Memory;

namespace Sophia.Tests.Integrations.Gong;

[Collection(GongCollection.Name)]
public sealed class GongSyncTests(SyncMemoryFixture fixture)
{
    private static readonly DateTimeOffset Yesterday = DateTimeOffset.UtcNow.AddDays(-1);

    [Fact]
    public async Task Sync_pages_through_every_transcript_page_with_the_cursor_in_the_body_and_writes_one_document_per_call()
    {
        await using var server = await GongServer.StartAsync();
        server.PageSize = 10;
        server.Data.Seed(25, Yesterday);
        using var gong = new GongUnderTest("gong-paging", GongUnderTest.Body(server), fixture.Grains);

        var progress = await gong.SyncAsync();

        Assert.Equal(25, progress.Documents);
        Assert.Equal(25, progress.Processed);
        Assert.Equal(0, progress.Pending);
        var transcriptPages = TranscriptRequests(server);
        Assert.Equal(3, transcriptPages.Count);
        Assert.Null(transcriptPages[0]["cursor"]);
        Assert.All(transcriptPages.Skip(1), page => Assert.NotNull(page["cursor"]));
        Assert.Contains(server.Requests, r => r.PathAndQuery == "/v2/users");
        var documents = await fixture.Memory("gong-paging").ListDocumentsAsync();
        Assert.Equal(25, documents.Count);
        Assert.Contains(documents, d => d.Name == "Renewal with Account 25 (call)");
        Assert.True(gong.RateBudget.Remaining is > 0 and < GongServer.CallsPerDay, "the day's remaining calls are reported");
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_the_sync_goes_on()
    {
        await using var server = await GongServer.StartAsync();
        server.Data.Seed(3, Yesterday);
        server.ArmTooManyRequests(2, retryAfterSeconds: 1);
        using var gong = new GongUnderTest("gong-429", GongUnderTest.Body(server), fixture.Grains);

        var progress = await gong.SyncAsync();

        Assert.Equal(3, progress.Documents);
        Assert.True(server.TooManyRequestsAnswered >= 2, $"the server answered {server.TooManyRequestsAnswered} 429s");
        Assert.Equal(3, (await fixture.Memory("gong-429").ListDocumentsAsync()).Count);
    }

    [Fact]
    public async Task An_expired_cursor_restarts_the_window_from_its_start_without_writing_a_call_twice()
    {
        await using var server = await GongServer.StartAsync();
        server.PageSize = 5;
        server.Data.Seed(12, Yesterday);
        server.ExpireCursorsAfterTranscriptPages(1);
        using var gong = new GongUnderTest("gong-expired", GongUnderTest.Body(server), fixture.Grains);

        var progress = await gong.SyncAsync();

        Assert.Contains(server.Requests, r => r.Status == 400 && r.PathAndQuery == "/v2/calls/transcript");
        var pages = TranscriptRequests(server);
        Assert.Equal(2, pages.Count(p => p["cursor"] is null));
        Assert.Single(pages.Select(p => p["filter"]!.ToJsonString()).Distinct());
        Assert.Equal(12, progress.Documents);
        Assert.Equal(12 + 5, progress.Processed);
        Assert.Equal(12, (await fixture.Memory("gong-expired").ListDocumentsAsync()).Count);
    }

    [Fact]
    public async Task A_sync_that_fails_mid_way_resumes_from_its_checkpoint_and_writes_nothing_twice()
    {
        await using var server = await GongServer.StartAsync();
        server.PageSize = 10;
        server.Data.Seed(35, Yesterday);
        server.FailTranscriptPagesAfter = 2;
        var state = new JsonObject();
        using (var first = new GongUnderTest("gong-resume", GongUnderTest.Body(server), fixture.Grains, state))
        {
            var failed = new SyncProgress();
            await Assert.ThrowsAnyAsync<Exception>(() => first.SyncAsync(failed));
            Assert.Equal(20, failed.Documents);
            Assert.Equal(15, failed.Pending);
        }

        Assert.NotNull(state["sync"]!["cursor"]);
        server.FailTranscriptPagesAfter = null;
        var before = server.Requests.Count;
        using var resumed = new GongUnderTest("gong-resume", GongUnderTest.Body(server), fixture.Grains, state);

        var progress = await resumed.SyncAsync();

        Assert.Equal(15, progress.Documents);
        var resumedPages = TranscriptRequests(server, skip: before);
        Assert.NotNull(resumedPages[0]["cursor"]);
        var documents = await fixture.Memory("gong-resume").ListDocumentsAsync();
        Assert.Equal(35, documents.Count);
        Assert.Equal(35, documents.Select(d => d.Name).Distinct().Count());
    }

    [Fact]
    public async Task The_next_sync_reads_only_from_where_the_last_ended_less_the_lookback()
    {
        await using var server = await GongServer.StartAsync();
        server.Data.Seed(4, Yesterday);
        var state = new JsonObject();
        using var gong = new GongUnderTest("gong-incremental", GongUnderTest.Body(server), fixture.Grains, state);
        await gong.SyncAsync();
        var lastRunEnd = DateTimeOffset.Parse(TranscriptRequests(server)[^1]["filter"]!["toDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        server.Data.AddCall("Late call with Globex", DateTimeOffset.UtcNow.AddMinutes(-30),
            [new GongPartyData("p1", "Ann Globex", "ann@globex.example", null, "s1", "External")],
            [new GongMonologueData("s1", "Intro", ["We want to start in March."])]);
        var before = server.Requests.Count;

        var progress = await gong.SyncAsync();

        var asked = TranscriptRequests(server, skip: before).Single()["filter"]!;
        Assert.Equal(lastRunEnd - TimeSpan.FromHours(6), DateTimeOffset.Parse(asked["fromDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, progress.Documents);
        Assert.Equal(5, (await fixture.Memory("gong-incremental").ListDocumentsAsync()).Count);
    }

    [Fact]
    public async Task A_recalled_call_shows_its_speakers_title_and_url()
    {
        await using var server = await GongServer.StartAsync();
        var rep = server.Data.AddUser("Dana", "Reyes", "dana.reyes@sophia-sales.example");
        var call = server.Data.AddCall("Initech security review", Yesterday,
            [
                new GongPartyData("p-rep", null, rep.Email, rep.Id, "s-rep", "Internal"),
                new GongPartyData("p-cust", "Peter Gibbons", "peter@initech.example", null, "s-cust", "External"),
            ],
            [
                new GongMonologueData("s-cust", "Security", ["Our auditors need single sign-on and audit logs before we sign."]),
                new GongMonologueData("s-rep", "Security", ["Both ship in the enterprise plan."]),
            ]);
        using var gong = new GongUnderTest("gong-recall", GongUnderTest.Body(server), fixture.Grains);
        await gong.SyncAsync();

        var memory = fixture.Memory("gong-recall");
        var passage = await Within.Wait(RecallAsync(memory, "auditors single sign-on audit logs"), "the call's transcript to be recalled");
        var chunks = await memory.RecallAsync(new RecallQuery("Initech security review Dana Reyes Peter Gibbons", 20, passage.DocumentId));

        Assert.Equal("Initech security review (call)", passage.DocumentName);
        Assert.Contains(chunks, c => c.Text.StartsWith("Initech security review", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Text.Contains(call.Url, StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Text.Contains("Peter Gibbons: Our auditors need single sign-on", StringComparison.Ordinal));
        Assert.Contains(chunks, c => c.Text.Contains("Dana Reyes: Both ship in the enterprise plan.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Once_the_days_calls_are_spent_no_more_are_made_and_the_sync_says_why()
    {
        await using var server = await GongServer.StartAsync();
        server.PageSize = 2;
        server.Data.Seed(10, Yesterday);
        var body = GongUnderTest.Body(server);
        body["callsPerDay"] = 4;
        using var gong = new GongUnderTest("gong-daily", body, fixture.Grains);

        var refused = await Assert.ThrowsAsync<IntegrationRefusedException>(() => gong.SyncAsync());

        Assert.Contains("limit of 4 API calls a day is spent", refused.Message);
        // A 429 from Gong's own per-second window is retried and costs nothing of the day's budget.
        Assert.Equal(4, server.Requests.Count(r => r.Status != 429));
        Assert.Equal(0, gong.RateBudget.Remaining);
        Assert.Equal(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1), gong.RateBudget.ResetsAt?.UtcDateTime);
    }

    internal static List<JsonObject> TranscriptRequests(GongServer server, int skip = 0) =>
        [.. server.Requests.Skip(skip).Where(r => r.PathAndQuery == "/v2/calls/transcript" && r.Status == 200).Select(r => JsonNode.Parse(r.Body)!.AsObject())];

    private static async Task<Passage> RecallAsync(IMemoryGrain memory, string query)
    {
        while (true)
        {
            var passages = await memory.RecallAsync(new RecallQuery(query, 3));
            if (passages.FirstOrDefault(p => p.Text.Contains("auditors", StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }
    }
}
