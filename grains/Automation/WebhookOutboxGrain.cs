using Microsoft.Extensions.Options;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;

namespace Sophia.Automation;

/// <summary>
/// A tenant's outgoing webhooks: each published event becomes one delivery per subscription that wants it, kept in
/// state until a 2xx answer, retried with growing waits, and moved to the dead letters after the last attempt.
/// </summary>
public sealed partial class WebhookOutboxGrain(
    [PersistentState("webhooks", "sophia")] IPersistentState<WebhookOutboxState> state,
    IDataProtectionProvider protection,
    IHttpClientFactory http,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookOutboxGrain> logger) : Grain, IWebhookOutboxGrain, IRemindable
{
    public const int MaxSubscriptions = 20;
    public const int MaxPending = 1000;
    public const int MaxDeadLetters = 200;

    private string Tenant => this.GetPrimaryKeyString();

    private IDataProtector Protector => protection.CreateProtector("sophia.webhooks", Tenant);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ArmPump();
        return Task.CompletedTask;
    }

    public async Task<CreatedWebhook> SubscribeAsync(string createdBy, string url, IReadOnlyList<string> events)
    {
        var unknown = events.FirstOrDefault(e => !WebhookEvents.All.Contains(e));
        var problem = !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                ? $"'{url}' is not an http or https URL: give the address that receives the POSTs."
            : events.Count == 0 ? $"Name one or more events among {string.Join(", ", WebhookEvents.All)}."
            : unknown is not null ? $"Unknown event '{unknown}': the events are {string.Join(", ", WebhookEvents.All)}."
            : state.State.Subscriptions.Count >= MaxSubscriptions ? $"A tenant may have {MaxSubscriptions} webhooks; delete one first."
            : null;
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        var secret = WebhookSignature.NewSecret();
        var record = new SubscriptionRecord
        {
            Id = "wh_" + GrainKeys.NewConversationId(), Url = url, Events = [.. events.Distinct()],
            ProtectedSecret = Protector.Protect(secret), CreatedBy = createdBy, CreatedAt = time.GetUtcNow(),
        };
        state.State.Subscriptions.Add(record);
        await state.WriteStateAsync();
        return new CreatedWebhook(Info(record), secret);
    }

    public Task<IReadOnlyList<WebhookSubscription>> ListAsync() =>
        Task.FromResult<IReadOnlyList<WebhookSubscription>>(state.State.Subscriptions.Select(Info).ToList());

    public async Task<bool> UnsubscribeAsync(string id)
    {
        if (state.State.Subscriptions.RemoveAll(s => s.Id == id) == 0)
        {
            return false;
        }

        state.State.Pending.RemoveAll(d => d.SubscriptionId == id);
        await state.WriteStateAsync();
        return true;
    }

    public async Task PublishAsync(WebhookEvent webhookEvent)
    {
        var wanted = state.State.Subscriptions.Where(s => s.Events.Contains(webhookEvent.Type)).ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        foreach (var subscription in wanted)
        {
            var id = "dlv_" + GrainKeys.NewConversationId();
            var body = new JsonObject
            {
                ["id"] = id, ["type"] = webhookEvent.Type, ["tenant"] = Tenant, ["createdAt"] = webhookEvent.At,
                ["data"] = JsonNode.Parse(webhookEvent.Data),
            };
            state.State.Pending.Add(new DeliveryRecord
            {
                Id = id, SubscriptionId = subscription.Id, Url = subscription.Url, Event = webhookEvent.Type,
                Body = body.ToJsonString(JsonSerializerOptions.Web), CreatedAt = webhookEvent.At, NextAttemptAt = time.GetUtcNow(),
            });
        }

        // A receiver that is down for long must not grow the state without end: the oldest wait in the dead letters.
        while (state.State.Pending.Count > MaxPending)
        {
            Bury(state.State.Pending[0], "Too many deliveries were waiting; this one was set aside unsent.");
        }

        await state.WriteStateAsync();
        await KeepReminderAsync();
        ArmPump();
    }

    public Task<IReadOnlyList<WebhookDeliveryInfo>> ListPendingAsync() =>
        Task.FromResult<IReadOnlyList<WebhookDeliveryInfo>>(state.State.Pending.Select(d => d.Info(pending: true)).ToList());

    public Task<IReadOnlyList<WebhookDeliveryInfo>> ListDeadLettersAsync() =>
        Task.FromResult<IReadOnlyList<WebhookDeliveryInfo>>(state.State.DeadLetters.Select(d => d.Info(pending: false)).ToList());

    public async Task<bool> ReplayAsync(string deliveryId)
    {
        if (state.State.DeadLetters.Find(d => d.Id == deliveryId) is not { } dead)
        {
            return false;
        }

        if (state.State.Subscriptions.All(s => s.Id != dead.SubscriptionId))
        {
            throw new ArgumentException($"The webhook of delivery '{deliveryId}' was deleted; there is nowhere to send it.");
        }

        state.State.DeadLetters.Remove(dead);
        (dead.Attempts, dead.NextAttemptAt, dead.LastError) = (0, time.GetUtcNow(), null);
        state.State.Pending.Add(dead);
        await state.WriteStateAsync();
        await KeepReminderAsync();
        ArmPump();
        return true;
    }

    private void Bury(DeliveryRecord delivery, string reason)
    {
        state.State.Pending.Remove(delivery);
        delivery.LastError = reason;
        state.State.DeadLetters.Add(delivery);
        if (state.State.DeadLetters.Count > MaxDeadLetters)
        {
            state.State.DeadLetters.RemoveAt(0);
        }
    }

    private static WebhookSubscription Info(SubscriptionRecord s) => new(s.Id, s.Url, s.Events, s.CreatedBy, s.CreatedAt);
}
