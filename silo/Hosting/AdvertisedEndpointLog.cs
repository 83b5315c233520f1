using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Sophia.Silo.Hosting;

/// <summary>Logs the address this silo gives other silos and clients: a wrong one otherwise shows only as timeouts elsewhere.</summary>
public sealed class AdvertisedEndpointLog(IOptions<EndpointOptions> endpoints, ILogger<AdvertisedEndpointLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = endpoints.Value;
        logger.LogInformation("Silo advertises {Address}:{SiloPort} (gateway {GatewayPort})", options.AdvertisedIPAddress, options.SiloPort, options.GatewayPort);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
