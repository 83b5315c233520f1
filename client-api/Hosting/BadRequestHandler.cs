using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Sophia.ClientApi.Hosting;

/// <summary>
/// A request Sophia could not read (broken JSON or multipart, a value of the wrong type, a wrong content type, a body
/// over the size limit) answers with the status the reader chose (400, 413, 415) and what to fix, never a 500;
/// <c>/v1</c> answers in OpenAI's error shape.
/// </summary>
public sealed class BadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
        {
            return false;
        }

        await RefusalAnswer.For(context, bad.StatusCode, Describe(bad)).ExecuteAsync(context);
        return true;
    }

    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException json => $"The body is not the JSON expected: {json.Message}",
        _ when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => $"{bad.Message} Send a smaller body.",
        _ => bad.Message,
    };
}
