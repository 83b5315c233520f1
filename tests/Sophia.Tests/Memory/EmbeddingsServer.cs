using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Memory;

/// <summary>
/// A local server that follows OpenAI's embeddings API (<c>POST /v1/embeddings</c>: string or array input, float or base64
/// encoding, bearer key), embedding with whatever generator it is given.
/// </summary>
public sealed class EmbeddingsServer : IAsyncDisposable
{
    public const string ApiKey = "sk-local-embeddings-key";
    public const string Model = "local-embedding-model";

    private readonly WebApplication _app;

    private EmbeddingsServer(WebApplication app, string endpoint) => (_app, Endpoint) = (app, endpoint);

    /// <summary>Base URL ending in <c>/v1</c>.</summary>
    public string Endpoint { get; }

    public ConcurrentQueue<JsonNode> Requests { get; } = new();

    public static async Task<EmbeddingsServer> StartAsync(IEmbeddingGenerator<string, Embedding<float>> model)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new EmbeddingsServer(app, url + "/v1");
        app.MapPost("/v1/embeddings", async (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
            {
                return Results.Json(new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error", code = "invalid_api_key" } }, statusCode: 401);
            }

            var body = (await JsonNode.ParseAsync(context.Request.Body))!;
            server.Requests.Enqueue(body);
            var inputs = body["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
            var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
            var vectors = await model.GenerateAsync(inputs);
            return Results.Json(new
            {
                @object = "list",
                model = body["model"]!.GetValue<string>(),
                data = vectors.Select((v, i) => new
                {
                    @object = "embedding",
                    index = i,
                    embedding = base64 ? (object)Convert.ToBase64String(MemoryMarshal.AsBytes(v.Vector.Span)) : v.Vector.ToArray(),
                }),
                usage = new { prompt_tokens = inputs.Sum(i => i.Length / 4), total_tokens = inputs.Sum(i => i.Length / 4) },
            });
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
