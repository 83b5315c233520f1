namespace Sophia.ClientApi.Memory;

/// <summary>The gateway's memory services.</summary>
public static class MemoryGatewayExtensions
{
    public static IServiceCollection AddSophiaMemoryEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<MemoryAccess>();
        services.AddSingleton<MemoryFolder>();
        services.AddOptions<MemoryImportOptions>().Bind(configuration.GetSection("Sophia:Memory"));
        return services;
    }
}
