using Microsoft.AspNetCore.Diagnostics;
using Sophia.ClientApi.Chat;

namespace Sophia.ClientApi.Hosting;

/// <summary>
/// Wherever a request meets a cluster that cannot answer in time (a silo being replaced, a grain with a long queue), it
/// answers 503 with Retry-After and says to send the same request again, never a 500.
/// </summary>
public sealed class ClusterUnavailableHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!ClusterUnavailable.Is(exception) || context.Response.HasStarted)
        {
            return false;
        }

        context.Response.Headers.RetryAfter = "5";
        await Results.Problem(statusCode: 503, title: ClusterUnavailable.Message).ExecuteAsync(context);
        return true;
    }
}
