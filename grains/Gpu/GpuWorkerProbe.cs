using Microsoft.Extensions.Options;

namespace Sophia.Gpu;

/// <summary>Asks a worker's health endpoint whether it takes embedding batches; a lease is ready only when it answers 2xx.</summary>
public sealed class GpuWorkerProbe(IHttpClientFactory httpClients, IOptions<GpuPoolOptions> options, ILogger<GpuWorkerProbe> logger)
{
    public const string HttpClientName = "sophia-gpu-worker-probe";

    public string EndpointOf(string ip) => $"http://{ip}:{options.Value.WorkerPort}";

    public async Task<bool> IsHealthyAsync(string endpoint, CancellationToken cancellationToken = default)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint + options.Value.HealthPath);
            if (options.Value.WorkerApiKey is { } key)
            {
                request.Headers.Authorization = new("Bearer", key);
            }

            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            logger.LogDebug("Worker {Endpoint} did not answer its health check: {Reason}", endpoint, ex.Message);
            return false;
        }
    }
}
