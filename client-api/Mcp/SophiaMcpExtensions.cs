using Sophia.ClientApi.Auth;
using Sophia.ClientApi.RateLimits;

namespace Sophia.ClientApi.Mcp;

/// <summary>
/// Sophia's own MCP server at <c>/mcp</c>: streamable HTTP without sessions, so any gateway answers any request;
/// bearer tokens and API keys as the REST API takes them; its own rate limit; tools worked out per caller.
/// </summary>
public static class SophiaMcpExtensions
{
    public static IServiceCollection AddSophiaMcp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<McpOptions>().Bind(configuration.GetSection(McpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddSingleton<SearchMemoryMcpTool>();
        services.AddSingleton<AskSophiaMcpTool>();
        services.AddSingleton<McpToolCatalog>();
        services.AddSingleton<McpToolHandlers>();
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "sophia", Title = "Sophia", Version = typeof(SophiaMcpExtensions).Assembly.GetName().Version?.ToString() ?? "1.0.0" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithListToolsHandler((request, cancellationToken) => request.Services!.GetRequiredService<McpToolHandlers>().ListAsync(request, cancellationToken))
            .WithCallToolHandler((request, cancellationToken) => request.Services!.GetRequiredService<McpToolHandlers>().CallAsync(request, cancellationToken));
        return services;
    }

    public static WebApplication MapSophiaMcp(this WebApplication app)
    {
        app.MapMcpResourceMetadata();
        app.MapMcp(McpResourceMetadata.ResourcePath).RequireAuthorization().RequireRateLimiting(RateLimitPolicies.Mcp);
        return app;
    }
}
