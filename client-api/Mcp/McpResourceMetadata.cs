namespace Sophia.ClientApi.Mcp;

/// <summary>
/// What an MCP client learns about <c>/mcp</c> before it has credentials (RFC 9728, OAuth 2.0 Protected Resource
/// Metadata): the resource, who issues the bearer tokens it takes, and how to send them. Addresses are those the
/// client reached, so the document is right behind any host name.
/// </summary>
public static class McpResourceMetadata
{
    public const string ResourcePath = "/mcp";
    public const string WellKnownPath = "/.well-known/oauth-protected-resource";

    public static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string DocumentUrl(HttpRequest request) => Origin(request) + WellKnownPath;

    /// <summary>
    /// Sophia issues the tokens and API keys <c>/mcp</c> takes, so it is the one authorization server: tokens of a single
    /// sign-on provider are not accepted here (that provider signs users in to Sophia, which then issues its own).
    /// </summary>
    public static object Document(HttpRequest request) => new Dictionary<string, object>
    {
        ["resource"] = Origin(request) + ResourcePath,
        ["authorization_servers"] = new[] { Origin(request) },
        ["bearer_methods_supported"] = new[] { "header" },
        ["resource_name"] = "Sophia",
        ["resource_documentation"] = Origin(request) + "/",
    };

    public static IEndpointRouteBuilder MapMcpResourceMetadata(this IEndpointRouteBuilder routes)
    {
        foreach (var path in new[] { WellKnownPath, WellKnownPath + ResourcePath })
        {
            routes.MapGet(path, (HttpRequest request) => Results.Json(Document(request))).AllowAnonymous();
        }

        return routes;
    }
}
