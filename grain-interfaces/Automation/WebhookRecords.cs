namespace Sophia.Automation;

/// <summary>The events a tenant can subscribe to.</summary>
public static class WebhookEvents
{
    public const string TurnDone = "turn.done";
    public const string ApprovalPending = "approval.pending";
    public const string SyncFailed = "sync.failed";

    public static readonly IReadOnlyList<string> All = [TurnDone, ApprovalPending, SyncFailed];
}

/// <summary>Something that happened in a tenant, to be sent to its subscribers: the event name and its data as a JSON object.</summary>
[GenerateSerializer, Immutable, Alias("sophia.WebhookEvent")]
public sealed record WebhookEvent(string Type, string Data, DateTimeOffset At);

/// <summary>A subscription as its admin sees it, never with its secret.</summary>
[GenerateSerializer, Immutable, Alias("sophia.WebhookSubscription")]
public sealed record WebhookSubscription(string Id, string Url, IReadOnlyList<string> Events, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A created subscription with its signing secret, which is shown only this once.</summary>
[GenerateSerializer, Immutable, Alias("sophia.CreatedWebhook")]
public sealed record CreatedWebhook(WebhookSubscription Subscription, string Secret);

/// <summary>One delivery of an event to one subscription: its id (the receiver's idempotency key), attempts made and the last failure.</summary>
[GenerateSerializer, Immutable, Alias("sophia.WebhookDeliveryInfo")]
public sealed record WebhookDeliveryInfo(string Id, string SubscriptionId, string Url, string Event, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, string? LastError);
