using Microsoft.AspNetCore.Http;

namespace Sophia.Silo.EmbedWorker;

/// <summary>Errors shaped as the OpenAI API answers them, so its clients show the message.</summary>
public static class OpenAiError
{
    public static IResult Result(int status, string message, string type = "invalid_request_error", string? code = null, string? param = null) =>
        Results.Json(new { error = new { message, type, param, code } }, statusCode: status);
}
