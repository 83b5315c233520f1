using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Sophia.Silo.Hosting;

/// <summary>
/// The keys that protect cookies, antiforgery tokens and integrations' credentials: under the data folder when
/// embedded, in Redis for every silo and gateway of a cluster, so what one process protected every other can read.
/// </summary>
public static class SophiaDataProtectionExtensions
{
    public static IServiceCollection AddSophiaDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var protection = services.AddDataProtection().SetApplicationName("sophia");
        if (SophiaProfiles.Of(configuration) == SophiaProfile.Embedded)
        {
            var folder = Path.GetFullPath(configuration["Sophia:DataDirectory"] ?? "data");
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        }
        else
        {
            services.AddSophiaClusterConnections(configuration);
            services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((o, redis) =>
                o.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), "sophia:data-protection-keys"));
        }

        return services;
    }
}
