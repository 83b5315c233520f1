using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Sophia.Net;

namespace Sophia.Silo.Hosting;

/// <summary>Registers <see cref="GuardedHttp.HttpClientName"/>, the client every fetch made for a user goes through.</summary>
public static class GuardedHttpExtensions
{
    public static IServiceCollection AddGuardedHttp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebToolOptions>()
            .Bind(configuration.GetSection(WebToolOptions.Section))
            .Validate(o => o.AllowedHosts.All(h => !string.IsNullOrWhiteSpace(h) && Uri.CheckHostName(h.Trim('[', ']')) != UriHostNameType.Unknown),
                $"{WebToolOptions.Section}:AllowedHosts lists host names or addresses only (no scheme, port or path).")
            .ValidateOnStart();
        services.TryAddSingleton<GuardedConnector>();
        services.TryAddTransient<RedirectHandler>();
        services.AddHttpClient(GuardedHttp.HttpClientName, http =>
            {
                http.Timeout = GuardedHttp.Timeout;
                http.MaxResponseContentBufferSize = GuardedHttp.MaxBodyBytes;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Sophia/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => GuardedHttp.CreateHandler(sp.GetRequiredService<GuardedConnector>()))
            .AddHttpMessageHandler<RedirectHandler>();
        return services;
    }
}
