using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sophia.Memory.Embeddings;

namespace Sophia.Silo.EmbedWorker;

/// <summary><c>POST /v1/embeddings</c> as OpenAI answers it: float arrays, or base64 of little-endian float32 when asked.</summary>
public static class EmbeddingsEndpoint
{
    public static async Task<IResult> HandleAsync(HttpRequest http, LocalMiniLmEmbeddingGenerator model, CancellationToken cancellationToken)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(http.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return OpenAiError.Result(400, $"The body is not valid JSON ({ex.Message}); send {{\"model\": \"{MiniLmModel.ModelId}\", \"input\": [\"text\"]}}.");
        }

        using (body)
        {
            var (request, error, param) = EmbeddingsRequest.Parse(body.RootElement);
            if (request is null)
            {
                return OpenAiError.Result(400, error!, param: param);
            }

            if (!EmbeddingsRequest.Models.Contains(request.Model, StringComparer.Ordinal))
            {
                return OpenAiError.Result(404, $"The model '{request.Model}' does not exist here; this worker serves {MiniLmModel.ModelId}.", code: "model_not_found", param: "model");
            }

            var embeddings = await model.GenerateAsync(request.Inputs, cancellationToken: cancellationToken);
            var tokens = request.Inputs.Sum(t => Math.Min(MiniLmModel.Tokenizer.CountTokens(t), MiniLmModel.MaxTokens));
            return Results.Json(new
            {
                @object = "list",
                data = embeddings.Select((e, index) => new
                {
                    @object = "embedding",
                    index,
                    embedding = request.Base64 ? Convert.ToBase64String(MemoryMarshal.AsBytes(e.Vector.Span)) : (object)e.Vector.ToArray(),
                }),
                model = request.Model,
                usage = new { prompt_tokens = tokens, total_tokens = tokens },
            });
        }
    }
}
