using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Sophia.Audit;

namespace Sophia.Silo.Hosting;

/// <summary>The audit log's services in a silo: retention settings, the recorder grains use and the pruning timer; the store comes with the profile.</summary>
public static class SophiaAuditExtensions
{
    public static IServiceCollection AddSophiaAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection("Sophia:Audit")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AuditRecorder>();
        services.AddHostedService<AuditRetention>();
        return services;
    }
}
