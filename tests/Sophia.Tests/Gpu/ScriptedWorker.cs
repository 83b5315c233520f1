using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Gpu;

/// <summary>How a <see cref="ScriptedWorker"/> answers: right vectors in another order, or a broken answer.</summary>
public enum WorkerAnswer
{
    /// <summary>The data array reversed, each item with its right index: still a correct answer.</summary>
    Reversed,
    /// <summary>Index 0 twice and no last index.</summary>
    RepeatedIndex,
    /// <summary>Vectors of 383 numbers.</summary>
    ShortVectors,
}

/// <summary>An OpenAI-compatible embeddings server on loopback that embeds with the local model and answers as scripted.</summary>
public sealed class ScriptedWorker(WebApplication app, string baseUrl) : IAsyncDisposable
{
    public string BaseUrl { get; } = baseUrl;

    public static async Task<ScriptedWorker> StartAsync(WorkerAnswer answer)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v1/embeddings", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!;
            var inputs = body["input"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            var vectors = await EmbeddingCorpus.LocalAsync(inputs);
            var data = vectors.Select((v, i) => new
            {
                @object = "embedding",
                index = answer == WorkerAnswer.RepeatedIndex && i == vectors.Length - 1 ? 0 : i,
                embedding = answer == WorkerAnswer.ShortVectors ? v[..^1] : v,
            });
            return Results.Json(new
            {
                @object = "list",
                data = answer == WorkerAnswer.Reversed ? data.Reverse() : data,
                model = body["model"]!.GetValue<string>(),
                usage = new { prompt_tokens = 1, total_tokens = 1 },
            });
        });
        await app.StartAsync();
        return new ScriptedWorker(app, url);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
