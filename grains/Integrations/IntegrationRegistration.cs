using Microsoft.Extensions.DependencyInjection;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations;

/// <summary>Registers a provider under the name its integrations start with (<see cref="IntegrationNames.ProviderOf"/>).</summary>
public static class IntegrationRegistration
{
    public static IServiceCollection AddIntegration<TProvider>(this IServiceCollection services, string provider)
        where TProvider : IntegrationProvider =>
        services.AddKeyedTransient<IntegrationProvider, TProvider>(provider);
}
