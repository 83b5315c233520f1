using Sophia.ClientApi.Chat;

namespace Sophia.ClientApi.Automation;

/// <summary>Answers a refusal of a schedule, hook or webhook (bad cron, unknown conversation, bad URL) with a 400 that says what to fix.</summary>
public static class AutomationErrors
{
    public static async ValueTask<object?> Map(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (ex is ArgumentException or UnknownConversationException)
        {
            return Results.Problem(statusCode: 400, title: ex.Message);
        }
    }
}
