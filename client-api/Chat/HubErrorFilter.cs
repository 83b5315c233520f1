using Microsoft.AspNetCore.SignalR;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Chat;

/// <summary>Turns input errors into hub errors whose message tells the client what to fix.</summary>
public sealed class HubErrorFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (ex is ArgumentException or UnknownConversationException or ConversationBusyException or QuotaExceededException)
        {
            throw new HubException(ex.Message);
        }
        catch (Exception ex) when (ClusterUnavailable.Is(ex))
        {
            throw new HubException(ClusterUnavailable.Message);
        }
    }
}
