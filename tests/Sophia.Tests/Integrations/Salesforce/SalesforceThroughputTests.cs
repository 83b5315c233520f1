using System.Diagnostics;
using Xunit.Abstractions;

namespace Sophia.Tests.Integrations.Salesforce;

/// <summary>How fast a first sync brings records into memory (printed; no duration is asserted). Embedding dominates it.</summary>
[Collection(SalesforceCollection.Name), Trait("Category", "Throughput")]
public sealed class SalesforceThroughputTests(SyncMemoryFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Throughput_of_a_first_sync_of_two_thousand_records()
    {
        await using var server = await SalesforceServer.StartAsync();
        var account = server.Org.Add("Account", ("Name", "Throughput Inc"));
        for (var i = 1; i < 500; i++)
        {
            server.Org.Add("Account", ("Name", $"Account {i}"), ("Industry", "Retail"), ("BillingCity", "Lyon"));
        }

        for (var i = 0; i < 500; i++)
        {
            server.Org.Add("Contact", ("FirstName", "Grace"), ("LastName", $"Hopper {i}"), ("AccountId", account));
            server.Org.Add("Opportunity", ("Name", $"Deal {i}"), ("StageName", "Qualification"), ("Amount", 1000 + i), ("AccountId", account));
            server.Org.Add("Case", ("Subject", $"Question {i}"), ("Status", "New"), ("Priority", "Medium"), ("AccountId", account));
        }

        using var salesforce = new SalesforceUnderTest(server, "sf-throughput", SalesforceUnderTest.Body(server, server.IssueRefreshToken()), fixture.Grains);
        var clock = Stopwatch.StartNew();
        var progress = await salesforce.SyncAsync();
        clock.Stop();

        Assert.Equal(2000, progress.Documents);
        output.WriteLine($"Salesforce first sync: {progress.Documents} records in {clock.Elapsed.TotalSeconds:0.0} s = {progress.Documents / clock.Elapsed.TotalSeconds:0} records/s ({server.Requests.Count} REST requests, page size {server.PageSize})");
    }
}
