using System.Text.RegularExpressions;

namespace Sophia.Integrations;

/// <summary>
/// An integration's name is its provider (<c>github</c>, <c>web-search</c>), or <c>mcp:{name}</c> for each MCP server a
/// tenant registers; its grain key is <c>tenant/name</c>.
/// </summary>
public static partial class IntegrationNames
{
    public const string GitHub = "github";
    public const string WebSearch = "web-search";
    public const string Gong = "gong";
    public const string HubSpot = "hubspot";
    public const string Salesforce = "salesforce";
    public const string McpPrefix = "mcp:";

    /// <summary>The providers a tenant connects by name (<c>PUT /api/integrations/{provider}</c>); MCP servers are connected under <c>mcp/{name}</c>.</summary>
    public static readonly IReadOnlyList<string> Providers = [GitHub, WebSearch, Gong, HubSpot, Salesforce];

    /// <summary>How people write a provider's name: <c>HubSpot</c> for <c>hubspot</c>.</summary>
    public static string DisplayName(string provider) => provider switch
    {
        GitHub => "GitHub",
        WebSearch => "Web search",
        Gong => "Gong",
        HubSpot => "HubSpot",
        Salesforce => "Salesforce",
        _ => provider,
    };

    public static string Key(string tenant, string integration) => GrainKeys.Of(tenant, integration);

    public static string Mcp(string name) => McpPrefix + name;

    /// <summary>The provider that serves an integration: the part before <c>:</c>.</summary>
    public static string ProviderOf(string integration) => integration.Split(':', 2)[0];

    /// <summary>The name after <c>mcp:</c>; null for other integrations.</summary>
    public static string? McpNameOf(string integration) => integration.StartsWith(McpPrefix, StringComparison.Ordinal) ? integration[McpPrefix.Length..] : null;

    /// <summary>An MCP server's name: lower-case letters, digits and dashes, as it appears in tool names.</summary>
    public static bool IsWellFormedMcpName(string? name) => name is not null && McpName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")]
    private static partial Regex McpName();
}
