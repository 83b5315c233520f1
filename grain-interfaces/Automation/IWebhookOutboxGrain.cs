using Sophia.Tenancy;

namespace Sophia.Automation;

/// <summary>
/// A tenant's outgoing webhooks (key: the tenant): subscriptions, deliveries waiting for their next attempt, and the
/// dead letters that ran out of attempts. Pending deliveries are kept in state, so they survive a restart.
/// </summary>
[Alias("sophia.IWebhookOutboxGrain"), KeyedByTenant]
public interface IWebhookOutboxGrain : IGrainWithStringKey
{
    /// <summary>Subscribes <paramref name="url"/> to <paramref name="events"/>; bad input throws <see cref="ArgumentException"/> saying what to fix.</summary>
    [Alias("Subscribe")]
    Task<CreatedWebhook> SubscribeAsync(string createdBy, string url, IReadOnlyList<string> events);

    /// <summary>The tenant's subscriptions.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<WebhookSubscription>> ListAsync();

    /// <summary>Ends a subscription and drops its pending deliveries; false when there was none.</summary>
    [Alias("Unsubscribe")]
    Task<bool> UnsubscribeAsync(string id);

    /// <summary>Queues a delivery of <paramref name="webhookEvent"/> to every subscription that wants it; the caller does not wait for it.</summary>
    [Alias("Publish"), OneWay]
    Task PublishAsync(WebhookEvent webhookEvent);

    /// <summary>Deliveries still being tried.</summary>
    [Alias("ListPending"), ReadOnly]
    Task<IReadOnlyList<WebhookDeliveryInfo>> ListPendingAsync();

    /// <summary>Deliveries that failed every attempt, newest last.</summary>
    [Alias("ListDeadLetters"), ReadOnly]
    Task<IReadOnlyList<WebhookDeliveryInfo>> ListDeadLettersAsync();

    /// <summary>Tries a dead letter again from its first attempt (same delivery id); false when there is no such dead letter.</summary>
    [Alias("Replay")]
    Task<bool> ReplayAsync(string deliveryId);
}
