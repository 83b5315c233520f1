using System.Text.Json;

namespace Sophia.Automation;

/// <summary>Hands an event to its tenant's webhook outbox without waiting: a subscriber's trouble never holds up a turn or a sync.</summary>
public static class WebhookPublisher
{
    public static void Publish(IGrainFactory grains, string tenant, string type, object data, DateTimeOffset at, ILogger logger)
    {
        try
        {
            _ = grains.GetGrain<IWebhookOutboxGrain>(tenant).PublishAsync(new WebhookEvent(type, JsonSerializer.Serialize(data, JsonSerializerOptions.Web), at));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            logger.LogWarning("Could not hand event {Event} of {Tenant} to its webhooks: {Reason}", type, tenant, ex.Message);
        }
    }
}
