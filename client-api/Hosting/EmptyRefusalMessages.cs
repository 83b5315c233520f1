namespace Sophia.ClientApi.Hosting;

/// <summary>
/// Where the framework refuses a body on its own with an empty 400, 413 or 415 (a wrong content type, say), the
/// caller still learns what to send.
/// </summary>
public static class EmptyRefusalMessages
{
    public static IApplicationBuilder UseEmptyRefusalMessages(this IApplicationBuilder app) => app.UseStatusCodePages(async context =>
    {
        var http = context.HttpContext;
        var message = http.Response.StatusCode switch
        {
            StatusCodes.Status415UnsupportedMediaType =>
                $"Send the body as JSON with Content-Type: application/json (document uploads: multipart/form-data); it came as '{http.Request.ContentType}'.",
            StatusCodes.Status413PayloadTooLarge => "The body is over the size limit: send a smaller one.",
            StatusCodes.Status400BadRequest => "The request could not be read: check its body, its query parameters and the ids in its path.",
            _ => null,
        };
        if (message is not null)
        {
            await RefusalAnswer.For(http, http.Response.StatusCode, message).ExecuteAsync(http);
        }
    });
}
