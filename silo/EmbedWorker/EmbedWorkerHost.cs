using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sophia.Gpu;
using Sophia.Memory.Embeddings;

namespace Sophia.Silo.EmbedWorker;

/// <summary>
/// <c>--role embed-worker</c>: Sophia's own embedding worker on the local model, speaking the OpenAI embeddings API
/// (<c>POST /v1/embeddings</c>, <c>GET /v1/models</c>) and answering the GPU pool's health check.
/// </summary>
public static class EmbedWorkerHost
{
    public const string Role = "embed-worker";

    public static bool IsRequested(string[] args) =>
        args.Contains($"--role={Role}") || args.Zip(args.Skip(1)).Any(pair => pair is ("--role", Role));

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOptions<GpuPoolOptions>().Bind(builder.Configuration.GetSection(GpuPoolOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(_ => new LocalMiniLmEmbeddingGenerator());
        var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<GpuPoolOptions>>().Value;
        // Loaded before listening, so a worker that answers its health check embeds at once.
        app.Services.GetRequiredService<LocalMiniLmEmbeddingGenerator>();

        app.MapGet(options.HealthPath, () => Results.Ok(new { status = "ok", model = MiniLmModel.ModelId }));
        var v1 = app.MapGroup("/v1");
        if (options.WorkerApiKey is { } key)
        {
            var expected = Encoding.UTF8.GetBytes($"Bearer {key}");
            v1.AddEndpointFilter(async (context, next) =>
                CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers.Authorization.ToString()), expected)
                    ? await next(context)
                    : OpenAiError.Result(401, "Send the worker's key (Sophia:Gpu:WorkerApiKey) as 'Authorization: Bearer KEY'.", "invalid_request_error", "invalid_api_key"));
        }

        v1.MapGet("/models", () => Results.Ok(new
        {
            @object = "list",
            data = new[] { new { id = MiniLmModel.ModelId, @object = "model", created = 0, owned_by = "sophia" } },
        }));
        v1.MapPost("/embeddings", EmbeddingsEndpoint.HandleAsync);
        return app;
    }
}
