using System.Text;
using Microsoft.Net.Http.Headers;

namespace Sophia.ClientApi.Hosting;

/// <summary>A body in a character set .NET does not know cannot be read at all: 415 saying so, before any endpoint tries.</summary>
public static class RequestEncodingCheck
{
    public static IApplicationBuilder UseRequestEncodingCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.Charset is { Length: > 0 } charset && !IsKnown(charset.Value!))
        {
            await RefusalAnswer.For(context, StatusCodes.Status415UnsupportedMediaType,
                $"The body's charset '{charset}' is not one Sophia can read: send it as UTF-8 (e.g. Content-Type: application/json; charset=utf-8).").ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static bool IsKnown(string charset)
    {
        try
        {
            Encoding.GetEncoding(charset.Trim('"'));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
