using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sophia.Memory.Embeddings;

namespace Sophia.Gpu.Routing;

/// <summary>
/// Sends one batch to a worker's OpenAI-compatible <c>POST /v1/embeddings</c> and checks the answer: exactly one vector of
/// the model's size for each index 0..n-1. Any other answer is the worker's failure, never a vector in a wrong slot.
/// </summary>
public sealed class EmbeddingWorkerClient(IHttpClientFactory httpClients, IOptions<GpuPoolOptions> pool)
{
    public const string HttpClientName = "sophia-embedding-workers";

    public async Task<float[][]> EmbedAsync(string endpoint, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint + "/v1/embeddings")
        {
            Content = JsonContent.Create(new { input = texts, model = MiniLmModel.ModelId, encoding_format = "float" }),
        };
        if (pool.Value.WorkerApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new EmbeddingWorkerException($"{endpoint} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return Read(endpoint, body.RootElement, texts.Count);
    }

    private static float[][] Read(string endpoint, JsonElement root, int count)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new EmbeddingWorkerException($"{endpoint} answered without a data array.");
        }

        var vectors = new float[]?[count];
        foreach (var item in data.EnumerateArray())
        {
            if (!item.TryGetProperty("index", out var indexElement) || !indexElement.TryGetInt32(out var index) || index < 0 || index >= count || vectors[index] is not null)
            {
                throw new EmbeddingWorkerException($"{endpoint} answered a missing, repeated or out-of-range index for a batch of {count}.");
            }

            var vector = item.TryGetProperty("embedding", out var embedding) ? Vector(embedding) : null;
            if (vector?.Length != MiniLmModel.Dimensions)
            {
                throw new EmbeddingWorkerException($"{endpoint} answered index {index} without a vector of {MiniLmModel.Dimensions} numbers.");
            }

            vectors[index] = vector;
        }

        return vectors.All(v => v is not null)
            ? [.. vectors.Select(v => v!)]
            : throw new EmbeddingWorkerException($"{endpoint} answered {vectors.Count(v => v is not null)} of {count} vectors.");
    }

    // OpenAI answers numbers for encoding_format float, and base64 of little-endian float32 for base64.
    private static float[]? Vector(JsonElement embedding) => embedding.ValueKind switch
    {
        JsonValueKind.Array => embedding.EnumerateArray().Select(n => n.GetSingle()).ToArray(),
        JsonValueKind.String => MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(embedding.GetString()!)).ToArray(),
        _ => null,
    };
}

/// <summary>A worker did not embed a batch as asked.</summary>
public sealed class EmbeddingWorkerException(string message) : Exception(message);
