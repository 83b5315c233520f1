using Sophia.ClientApi.OpenAi;

namespace Sophia.ClientApi.Hosting;

/// <summary>A refusal of a request Sophia could not read: a problem body, or OpenAI's error shape under <c>/v1</c>.</summary>
public static class RefusalAnswer
{
    public static IResult For(HttpContext context, int status, string message) =>
        context.Request.Path.StartsWithSegments("/v1")
            ? Results.Json(OpenAiResponses.Error(message, "invalid_request_error"), statusCode: status)
            : Results.Problem(statusCode: status, title: message);
}
