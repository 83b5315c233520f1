using Microsoft.AspNetCore.SignalR;
using Sophia.ClientApi.Chat;

namespace Sophia.ClientApi.RateLimits;

/// <summary>
/// Hub invocations are not HTTP requests, so the middleware never sees them: a hub <c>SendMessage</c> spends the same
/// allowance as a REST send, and over it fails with a message saying which limit and when to try again.
/// </summary>
public sealed class RateLimitHubFilter(SophiaRateLimiters limiters) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (context.HubMethodName != nameof(ChatHub.SendMessage))
        {
            return await next(context);
        }

        var key = RateLimitPartitionKey.Of(context.Context.User, context.Context.GetHttpContext()?.Connection.RemoteIpAddress);
        using var lease = limiters.For(RateLimitPolicies.Sends).AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var window = limiters.Options.Sends;
            throw new HubException(RateLimitRefusal.Message(RateLimitPolicies.Sends, window, key, RateLimitRefusal.Seconds(RateLimitRefusal.RetryAfter(lease, window))));
        }

        return await next(context);
    }
}
