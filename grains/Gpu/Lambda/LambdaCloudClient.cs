using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Sophia.Gpu.Lambda;

/// <summary>
/// Typed client of the Lambda Cloud API v1 (instance types, launch, terminate, list and get instances), paced to its
/// rate limits on our side, retrying 429 after Retry-After, and answering capacity errors as a result rather than a fault.
/// </summary>
public sealed class LambdaCloudClient(HttpClient http, LambdaPacer pacer, IOptions<LambdaCloudOptions> options, TimeProvider time, ILogger<LambdaCloudClient> logger)
{
    /// <summary>Every instance type offered, by name, with its price and the regions that have capacity now.</summary>
    public async Task<IReadOnlyDictionary<string, LambdaInstanceTypeOffer>> ListInstanceTypesAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<Dictionary<string, LambdaInstanceTypeOffer>>(HttpMethod.Get, "instance-types", null, launch: false, cancellationToken);

    public async Task<IReadOnlyList<LambdaInstance>> ListInstancesAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<List<LambdaInstance>>(HttpMethod.Get, "instances", null, launch: false, cancellationToken);

    /// <summary>One instance, or null when the API does not know it.</summary>
    public async Task<LambdaInstance?> GetInstanceAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendAsync<LambdaInstance>(HttpMethod.Get, $"instances/{Uri.EscapeDataString(id)}", null, launch: false, cancellationToken);
        }
        catch (LambdaApiException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    public async Task<LambdaLaunchResult> LaunchAsync(LambdaLaunchRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            var launched = await SendAsync<LambdaLaunched>(HttpMethod.Post, "instance-operations/launch", request, launch: true, cancellationToken);
            return new LambdaLaunchResult.Launched(launched.InstanceIds);
        }
        catch (LambdaApiException ex) when (ex.Code == LambdaErrorCodes.InsufficientCapacity)
        {
            return new LambdaLaunchResult.InsufficientCapacity(request.RegionName, ex.Message);
        }
    }

    /// <summary>Terminates the instances; a <see cref="LambdaApiException"/> with IsNotFound when one is unknown.</summary>
    public async Task<IReadOnlyList<LambdaInstance>> TerminateAsync(IReadOnlyList<string> instanceIds, CancellationToken cancellationToken = default) =>
        (await SendAsync<LambdaTerminated>(HttpMethod.Post, "instance-operations/terminate", new LambdaInstanceIds(instanceIds), launch: false, cancellationToken))
            .TerminatedInstances;

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, bool launch, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await pacer.WaitTurnAsync(launch, cancellationToken);
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, body.GetType(), options: LambdaJson.Options);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var envelope = await response.Content.ReadFromJsonAsync<LambdaEnvelope<T>>(LambdaJson.Options, cancellationToken);
                return envelope is { Data: not null } ? envelope.Data : throw new LambdaApiException((int)response.StatusCode, "global/unknown", $"{path} answered without data.", null);
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var delay = RetryAfter(response) ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
                pacer.HoldBack(delay);
                if (attempt < options.Value.MaxRetries)
                {
                    logger.LogWarning("Lambda Cloud API rate-limited {Method} {Path}; retrying in {Delay}", method, path, delay);
                    continue;
                }
            }

            throw await ErrorAsync(response, cancellationToken);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static async Task<LambdaApiException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        LambdaError? error = null;
        try
        {
            error = (await response.Content.ReadFromJsonAsync<LambdaErrorBody>(LambdaJson.Options, cancellationToken))?.Error;
        }
        catch (System.Text.Json.JsonException)
        {
            // A proxy's HTML or an empty body: the status is all there is.
        }

        var code = error?.Code ?? (status == 429 ? LambdaErrorCodes.RateLimited : $"http-{status}");
        return new LambdaApiException(status, code, error?.Message ?? response.ReasonPhrase ?? "no message", error?.Suggestion);
    }
}
