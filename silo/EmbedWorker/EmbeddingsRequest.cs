using System.Text.Json;
using Sophia.Memory.Embeddings;

namespace Sophia.Silo.EmbedWorker;

/// <summary>A checked <c>POST /v1/embeddings</c> body; <see cref="Parse"/> says what to fix when it is not one.</summary>
public sealed record EmbeddingsRequest(IReadOnlyList<string> Inputs, string Model, bool Base64)
{
    public const int MaxInputs = 2048;

    public static readonly string[] Models = [MiniLmModel.ModelId, "sentence-transformers/" + MiniLmModel.ModelId];

    /// <summary>The request, or the error message and the parameter it is about.</summary>
    public static (EmbeddingsRequest? Request, string? Error, string? Param) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail("Send a JSON object such as {\"model\": \"all-MiniLM-L6-v2\", \"input\": [\"text\"]}.", null);
        }

        if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(model.GetString()))
        {
            return Fail($"'model' is required: use {MiniLmModel.ModelId}.", "model");
        }

        if (!body.TryGetProperty("input", out var input))
        {
            return Fail("'input' is required: a string or an array of strings.", "input");
        }

        var (inputs, inputError) = ReadInputs(input);
        if (inputError is not null)
        {
            return Fail(inputError, "input");
        }

        var format = body.TryGetProperty("encoding_format", out var f) && f.ValueKind != JsonValueKind.Null ? f.ToString() : "float";
        if (format is not ("float" or "base64"))
        {
            return Fail($"'encoding_format' must be \"float\" or \"base64\", not \"{format}\".", "encoding_format");
        }

        if (body.TryGetProperty("dimensions", out var dimensions) && dimensions.ValueKind != JsonValueKind.Null
            && (!dimensions.TryGetInt32(out var size) || size != MiniLmModel.Dimensions))
        {
            return Fail($"{MiniLmModel.ModelId} makes vectors of {MiniLmModel.Dimensions} dimensions only: leave 'dimensions' out or send {MiniLmModel.Dimensions}.", "dimensions");
        }

        return (new EmbeddingsRequest(inputs!, model.GetString()!, format == "base64"), null, null);
    }

    private static (IReadOnlyList<string>? Inputs, string? Error) ReadInputs(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.String)
        {
            return input.GetString() is { Length: > 0 } text ? ([text], null) : (null, "'input' must not be an empty string.");
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return (null, "'input' must be a string or an array of strings.");
        }

        var count = input.GetArrayLength();
        if (count is 0 or > MaxInputs)
        {
            return (null, $"'input' must hold 1 to {MaxInputs} strings; it holds {count}.");
        }

        var texts = new List<string>(count);
        foreach (var item in input.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return (null, item.ValueKind is JsonValueKind.Number or JsonValueKind.Array
                    ? "This worker embeds text, not token arrays: send 'input' as strings."
                    : $"'input[{texts.Count}]' is not a string: send every input as a string.");
            }

            if (item.GetString() is not { Length: > 0 } text)
            {
                return (null, $"'input[{texts.Count}]' is empty: send non-empty strings.");
            }

            texts.Add(text);
        }

        return (texts, null);
    }

    private static (EmbeddingsRequest?, string?, string?) Fail(string error, string? param) => (null, error, param);
}
