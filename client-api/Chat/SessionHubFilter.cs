using Sophia.Tenancy;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Sophia.ClientApi.Auth;

namespace Sophia.ClientApi.Chat;

/// <summary>
/// A hub connection outlives the request that authenticated it, so it is checked again: before each call, and every
/// <see cref="AuthOptions.SessionCacheSeconds"/> while it is open (watch streams make no calls). A session that ended
/// (user disabled, new role, reset) closes the connection. Each call is made on behalf of the connection's user.
/// </summary>
public sealed class SessionHubFilter(SessionCheck sessions, IOptions<AuthOptions> options, ILogger<SessionHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (await EndedAsync(context.Context) is { } ended)
        {
            context.Context.Abort();
            throw new HubException(ended);
        }

        var caller = Caller.From(context.Context.User!);
        using (caller.Enter())
        {
            return await next(context);
        }
    }

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        _ = WatchAsync(context.Context);
        return next(context);
    }

    private async Task WatchAsync(HubCallerContext connection)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SessionCacheSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(connection.ConnectionAborted))
            {
                if (await CheckAsync(connection) is { } ended)
                {
                    logger.LogInformation("Closing hub connection {Connection} of {User}: {Reason}", connection.ConnectionId, connection.UserIdentifier, ended);
                    connection.Abort();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closed.
        }
    }

    // A cluster that cannot answer right now is not a reason to drop the connection: the next tick asks again.
    private async Task<string?> CheckAsync(HubCallerContext connection)
    {
        try
        {
            return await EndedAsync(connection);
        }
        catch (Exception ex) when (ClusterUnavailable.Is(ex) || ex is TimeoutException)
        {
            return null;
        }
    }

    private Task<string?> EndedAsync(HubCallerContext connection) =>
        connection.User is { } user ? sessions.EndedAsync(user, SessionCheck.VersionOf(user)) : Task.FromResult<string?>("The session names no user.");
}
