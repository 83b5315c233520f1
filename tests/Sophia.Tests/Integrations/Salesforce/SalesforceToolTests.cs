using System.Text.Json.Nodes;
using Sophia.Integrations;

namespace Sophia.Tests.Integrations.Salesforce;

[Collection(SalesforceCollection.Name)]
public sealed class SalesforceToolTests(SyncMemoryFixture fixture)
{
    [Theory]
    [InlineData("DELETE FROM Account WHERE Name = 'Acme'", "it must start with SELECT")]
    [InlineData("UPDATE Account SET Name = 'x'", "it must start with SELECT")]
    [InlineData("SELECT Id FROM Account; DELETE FROM Account", "exactly one SOQL SELECT statement")]
    [InlineData("SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact) FOR UPDATE", "'UPDATE' is not allowed")]
    [InlineData("SELECT Id, (SELECT Id FROM Contacts) FROM Account LIMIT 5000", "LIMIT 200 or less")]
    [InlineData("SELECT Id FROM Account WHERE Name = 'open", "not closed")]
    public async Task Soql_refuses_anything_but_one_bounded_select_before_sending_it(string query, string says)
    {
        await using var server = await SalesforceServer.StartAsync();
        using var salesforce = new SalesforceUnderTest(server, "sf-soql-refused", SalesforceUnderTest.Body(server, server.IssueRefreshToken()), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => salesforce.SoqlAsync(query));

        Assert.StartsWith("salesforce_soql: ", refusal.Message);
        Assert.Contains(says, refusal.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Soql_answers_a_select_with_numbered_rows_and_their_record_urls()
    {
        await using var server = await SalesforceServer.StartAsync();
        var acme = server.Org.Add("Account", ("Name", "Acme"));
        var won = server.Org.Add("Opportunity", ("Name", "Delete-proof renewal"), ("StageName", "Closed Won"), ("Amount", 50000), ("AccountId", acme));
        server.Org.Add("Opportunity", ("Name", "Open pilot"), ("StageName", "Prospecting"), ("AccountId", acme));
        using var salesforce = new SalesforceUnderTest(server, "sf-soql", SalesforceUnderTest.Body(server, server.IssueRefreshToken()), fixture.Grains);

        var answer = await salesforce.SoqlAsync("SELECT Id, Name, Amount, Account.Name FROM Opportunity WHERE StageName = 'Closed Won' AND Name != 'Delete me'");

        Assert.Contains($"[1] Opportunity {won} — {server.BaseUrl}/lightning/r/Opportunity/{won}/view", answer);
        Assert.Contains("Name: Delete-proof renewal", answer);
        Assert.Contains("Account.Name: Acme", answer);
        Assert.DoesNotContain("Open pilot", answer);
        Assert.Contains(server.Requests, r => r.EndsWith("%20LIMIT%20200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Soql_passes_on_salesforces_refusal_of_an_unknown_field()
    {
        await using var server = await SalesforceServer.StartAsync();
        using var salesforce = new SalesforceUnderTest(server, "sf-soql-field", SalesforceUnderTest.Body(server, server.IssueRefreshToken()), fixture.Grains);

        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => salesforce.SoqlAsync("SELECT Id, Colour FROM Account"));

        Assert.Contains("INVALID_FIELD: No such column 'Colour' on entity 'Account'", refusal.Message);
        Assert.Contains("fix the SOQL", refusal.Message);
    }

    [Fact]
    public async Task Get_reads_one_record_with_its_url_and_refuses_a_malformed_id()
    {
        await using var server = await SalesforceServer.StartAsync();
        var id = server.Org.Add("Case", ("Subject", "Printer on fire"), ("Status", "Escalated"), ("Priority", "High"));
        using var salesforce = new SalesforceUnderTest(server, "sf-get", SalesforceUnderTest.Body(server, server.IssueRefreshToken()), fixture.Grains);

        var answer = await salesforce.CallAsync("salesforce_get", new JsonObject { ["objectType"] = "Case", ["id"] = id });
        var refusal = await Assert.ThrowsAsync<IntegrationRefusedException>(() => salesforce.CallAsync("salesforce_get", new JsonObject { ["objectType"] = "Case", ["id"] = "../limits" }));
        var missing = await Assert.ThrowsAsync<IntegrationRefusedException>(() => salesforce.CallAsync("salesforce_get", new JsonObject { ["objectType"] = "Case", ["id"] = "500000000000000AAA" }));

        Assert.Contains($"[1] Case {id} — {server.BaseUrl}/lightning/r/Case/{id}/view", answer);
        Assert.Contains("Subject: Printer on fire", answer);
        Assert.Contains("Status: Escalated", answer);
        Assert.Contains("'id' must be a record id", refusal.Message);
        Assert.Contains("NOT_FOUND", missing.Message);
    }
}
