using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sophia.Integrations;
using Sophia.Integrations.Mcp;
using Sophia.Integrations.WebSearch;
using Sophia.Integrations.GitHub;
using Sophia.Integrations.HubSpot;
using Sophia.Integrations.Salesforce;
using Sophia.Integrations.Gong;

namespace Sophia.Silo.Hosting;

/// <summary>The integrations a silo can connect: one <c>AddIntegration</c> line per provider.</summary>
public static class SophiaIntegrationExtensions
{
    public static IServiceCollection AddSophiaIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSophiaDataProtection(configuration);
        services.AddSingleton<TenantToolCache>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TenantToolCache>());
        services.AddIntegration<GitHubIntegration>(IntegrationNames.GitHub);
        services.AddIntegration<WebSearchIntegration>(IntegrationNames.WebSearch);
        services.AddIntegration<HubSpotIntegration>(IntegrationNames.HubSpot);
        services.AddIntegration<SalesforceIntegration>(IntegrationNames.Salesforce);
        services.AddIntegration<GongIntegration>(IntegrationNames.Gong);
        services.AddIntegration<McpIntegration>(IntegrationNames.McpPrefix.TrimEnd(':'));
        services.AddOptions<McpIntegrationOptions>().Bind(configuration.GetSection(McpIntegrationOptions.Section)).ValidateOnStart();
        return services;
    }
}
