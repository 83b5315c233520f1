namespace Sophia.ClientApi.Mcp;

/// <summary>
/// Every 401 under <c>/mcp</c>, whoever wrote it, names the resource metadata document in <c>WWW-Authenticate</c>, as the
/// MCP authorization specification asks, so a client can discover how to authenticate.
/// </summary>
public static class McpChallenge
{
    public static IApplicationBuilder UseMcpChallenge(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.Path.StartsWithSegments(McpResourceMetadata.ResourcePath))
        {
            http.Response.OnStarting(() =>
            {
                if (http.Response.StatusCode == StatusCodes.Status401Unauthorized)
                {
                    // RFC 6750: a request that carried credentials learns they were refused; one without carries no error code.
                    var error = http.Request.Headers.Authorization.Count > 0 ? ", error=\"invalid_token\"" : "";
                    http.Response.Headers.WWWAuthenticate = $"Bearer resource_metadata=\"{McpResourceMetadata.DocumentUrl(http.Request)}\"{error}";
                }

                return Task.CompletedTask;
            });
        }

        await next(http);
    });
}
