namespace Sophia.Automation;

/// <summary>What a tenant's webhook outbox persists: subscriptions (secrets encrypted), pending deliveries, dead letters.</summary>
[GenerateSerializer, Alias("sophia.WebhookOutboxState")]
public sealed class WebhookOutboxState
{
    [Id(0)] public List<SubscriptionRecord> Subscriptions { get; set; } = [];
    [Id(1)] public List<DeliveryRecord> Pending { get; set; } = [];
    [Id(2)] public List<DeliveryRecord> DeadLetters { get; set; } = [];
}

[GenerateSerializer, Alias("sophia.WebhookSubscriptionRecord")]
public sealed class SubscriptionRecord
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Url { get; set; } = "";
    [Id(2)] public List<string> Events { get; set; } = [];
    [Id(3)] public string ProtectedSecret { get; set; } = "";
    [Id(4)] public string CreatedBy { get; set; } = "";
    [Id(5)] public DateTimeOffset CreatedAt { get; set; }
}

[GenerateSerializer, Alias("sophia.WebhookDeliveryRecord")]
public sealed class DeliveryRecord
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string SubscriptionId { get; set; } = "";
    [Id(2)] public string Url { get; set; } = "";
    [Id(3)] public string Event { get; set; } = "";

    /// <summary>The JSON body, the same bytes at every attempt.</summary>
    [Id(4)] public string Body { get; set; } = "";
    [Id(5)] public int Attempts { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
    [Id(7)] public DateTimeOffset NextAttemptAt { get; set; }
    [Id(8)] public string? LastError { get; set; }

    public WebhookDeliveryInfo Info(bool pending) => new(Id, SubscriptionId, Url, Event, Attempts, CreatedAt, pending ? NextAttemptAt : null, LastError);
}
