using Microsoft.Extensions.Time.Testing;
using Sophia.Integrations;

namespace Sophia.Tests.Integrations.Salesforce;

[Collection(SalesforceCollection.Name)]
public sealed class SalesforceSyncTests(SyncMemoryFixture fixture)
{
    [Fact]
    public async Task First_sync_pages_the_query_by_next_records_url_one_document_per_record()
    {
        await using var server = await SalesforceServer.StartAsync();
        server.PageSize = 40;
        for (var i = 1; i <= 90; i++)
        {
            server.Org.Add("Account", ("Name", $"Account {i}"), ("Industry", "Manufacturing"));
        }

        var acme = server.Org.Add("Account", ("Name", "Acme Corp"));
        var deal = server.Org.Add("Opportunity", ("Name", "Acme renewal"), ("StageName", "Negotiation/Review"), ("Amount", 125000), ("CloseDate", "2026-03-31"), ("AccountId", acme));
        server.Org.Add("Case", ("Subject", "Invoice missing"), ("Status", "New"), ("Priority", "High"), ("AccountId", acme), ("Description", "The March invoice never arrived."));
        using var salesforce = new SalesforceUnderTest(server, "sf-paging", SalesforceUnderTest.Body(server, server.IssueRefreshToken()), fixture.Grains);

        var progress = await salesforce.SyncAsync();

        Assert.Equal(93, progress.Documents);
        Assert.Contains(server.Requests, r => r.Contains("/services/data/v62.0/query/01g", StringComparison.Ordinal) && r.EndsWith("-80", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.Contains("ORDER%20BY%20SystemModstamp", StringComparison.Ordinal));
        var documents = await fixture.Memory("sf-paging").ListDocumentsAsync();
        Assert.Equal(91, documents.Count(d => d.Name.EndsWith("(Account)", StringComparison.Ordinal)));
        Assert.Contains(documents, d => d.Name == "Acme renewal (Opportunity)");
        Assert.Contains(documents, d => d.Name == "Case 00001093: Invoice missing (Case)");
        var opportunity = await TextOfAsync(fixture.Memory("sf-paging"), documents.Single(d => d.Name == "Acme renewal (Opportunity)").DocumentId);
        Assert.Contains($"{server.BaseUrl}/lightning/r/Opportunity/{deal}/view", opportunity);
        Assert.Contains("StageName: Negotiation/Review", opportunity);
        Assert.Contains("Account.Name: Acme Corp", opportunity);
        Assert.Contains("Amount: 125000", opportunity);
    }

    [Fact]
    public async Task A_deleted_record_leaves_memory_and_a_changed_one_replaces_its_document()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-30));
        await using var server = await SalesforceServer.StartAsync(time);
        var kept = server.Org.Add("Opportunity", ("Name", "Kept deal"), ("StageName", "Prospecting"));
        var lost = server.Org.Add("Opportunity", ("Name", "Lost deal"), ("StageName", "Prospecting"));
        time.Advance(TimeSpan.FromMinutes(5));
        using var salesforce = new SalesforceUnderTest(server, "sf-deletes", SalesforceUnderTest.Body(server, server.IssueRefreshToken()), fixture.Grains, time);
        Assert.Equal(2, (await salesforce.SyncAsync()).Documents);
        var memory = fixture.Memory("sf-deletes");
        var before = Assert.Single(await memory.ListDocumentsAsync(), d => d.Name == "Kept deal (Opportunity)");

        time.Advance(TimeSpan.FromMinutes(2));
        server.Org.Delete("Opportunity", lost);
        server.Org.Update("Opportunity", kept, ("StageName", "Closed Won"));
        time.Advance(TimeSpan.FromMinutes(2));
        var second = await salesforce.SyncAsync();

        Assert.Equal(1, second.Documents);
        Assert.Contains(server.Requests, r => r.Contains("/sobjects/Opportunity/deleted/?start=", StringComparison.Ordinal));
        Assert.Contains(server.Requests, r => r.Contains("/sobjects/Opportunity/updated/?start=", StringComparison.Ordinal));
        var documents = await memory.ListDocumentsAsync();
        Assert.DoesNotContain(documents, d => d.Name == "Lost deal (Opportunity)");
        var after = Assert.Single(documents, d => d.Name == "Kept deal (Opportunity)");
        Assert.NotEqual(before.DocumentId, after.DocumentId);
        Assert.Contains("StageName: Closed Won", await TextOfAsync(memory, after.DocumentId));
    }

    [Fact]
    public async Task A_sync_that_failed_mid_query_resumes_from_its_checkpoint_and_writes_nothing_twice()
    {
        await using var server = await SalesforceServer.StartAsync();
        server.PageSize = 40;
        for (var i = 1; i <= 120; i++)
        {
            server.Org.Add("Contact", ("FirstName", "Ada"), ("LastName", $"Lovelace {i}"), ("Email", $"ada{i}@example.com"));
        }

        var body = SalesforceUnderTest.Body(server, server.IssueRefreshToken());
        using var crashed = new SalesforceUnderTest(server, "sf-resume", body, fixture.Grains);
        server.FailNextQueryPages(4);
        await Assert.ThrowsAnyAsync<Exception>(crashed.SyncAsync);
        var memory = fixture.Memory("sf-resume");
        Assert.Equal(40, (await memory.ListDocumentsAsync()).Count);
        var queries = server.Requests.Count(r => r.Contains("query?q=SELECT", StringComparison.Ordinal) && r.Contains("FROM%20Contact", StringComparison.Ordinal));

        using var resumed = new SalesforceUnderTest(server, "sf-resume", body, fixture.Grains, savedState: crashed.SavedState);
        var progress = await resumed.SyncAsync();

        Assert.Equal(80, progress.Documents);
        Assert.Equal(queries, server.Requests.Count(r => r.Contains("query?q=SELECT", StringComparison.Ordinal) && r.Contains("FROM%20Contact", StringComparison.Ordinal)));
        var documents = await memory.ListDocumentsAsync();
        Assert.Equal(120, documents.Count);
        Assert.Equal(120, documents.Select(d => d.Name).Distinct().Count());
    }

    [Fact]
    public async Task A_sync_stops_short_of_the_orgs_last_daily_requests_saying_why()
    {
        await using var server = await SalesforceServer.StartAsync();
        server.PageSize = 20;
        for (var i = 1; i <= 50; i++)
        {
            server.Org.Add("Account", ("Name", $"Budget {i}"));
        }

        server.ApiLimit = 1_000;
        server.ApiUsed = 955;
        using var salesforce = new SalesforceUnderTest(server, "sf-budget", SalesforceUnderTest.Body(server, server.IssueRefreshToken()), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(salesforce.SyncAsync);

        Assert.Contains("of its 1,000 Salesforce API requests left in the rolling 24 hours", refusal.Message);
        Assert.True(salesforce.RateRemaining < 50, $"the budget Salesforce reported is passed on ({salesforce.RateRemaining})");
        Assert.DoesNotContain(server.Requests, r => r.EndsWith("-20", StringComparison.Ordinal));
        Assert.NotNull(salesforce.SavedState["sync"]?["Account"]?["nextRecordsUrl"]);
    }

    /// <summary>The document's text as memory recalls it, once its ingestion is done.</summary>
    private static async Task<string> TextOfAsync(Sophia.Memory.IMemoryGrain memory, string documentId)
    {
        async Task<string> Stored()
        {
            while ((await memory.GetDocumentAsync(documentId))?.State != Sophia.Memory.IngestionStates.Stored)
            {
                await Task.Delay(50);
            }

            var passages = await memory.RecallAsync(new Sophia.Memory.RecallQuery("record", 20, documentId));
            return string.Join("\n", passages.OrderBy(p => p.Position).Select(p => p.Text));
        }

        return await Within.Wait(Stored(), $"document {documentId} to be stored");
    }
}
