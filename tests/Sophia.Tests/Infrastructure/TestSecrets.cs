namespace Sophia.Tests.Infrastructure;

/// <summary>Every fixed credential the tests hand Sophia, so the suite's logs can be searched for them.</summary>
public static class TestSecrets
{
    public static readonly IReadOnlyList<(string Name, string Value)> All =
    [
        ("the model's API key", OpenAiCompatibleServer.ApiKey),
        ("the admin's password", SophiaServer.AdminPassword),
        .. new[] { "ghp_sync", "ghp_tools", "ghp_good", "ghp_rest", "ghp_secret", "ghp_cited", "ghp_business", "ghp_schedule", "ghp_failover" }.Select(t => ("a GitHub token", t)),
        .. new[] { "brave-token-1", "proxy-key-1", "never-shown", "searxng-key-at-rest-5" }.Select(k => ("a search API key", k)),
        ("a Gong access key", Sophia.Tests.Integrations.Gong.GongServer.AccessKey),
        ("a Gong access key secret", Sophia.Tests.Integrations.Gong.GongServer.AccessKeySecret),
        .. new[] { "mcp-secret-3", "mcp-cited-9", "docs-token-7" }.Select(h => ("an MCP server's header", h)),
        .. new[] { "pat-eu1-hubspot-sync", "pat-eu1-good", "pat-eu1-wrong", "pat-eu1-refused", "pat-na1-secret" }.Select(t => ("a HubSpot private app token", t)),
        ("a HubSpot OAuth client secret", "hubspot-client-secret-7"),
        ("a Salesforce consumer secret", Sophia.Tests.Integrations.Salesforce.SalesforceServer.ClientSecret),
        ("a password changed on the account dialog", "a-brand-new-admin-password"),
    ];
}
