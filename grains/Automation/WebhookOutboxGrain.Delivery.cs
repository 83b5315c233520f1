using Microsoft.AspNetCore.DataProtection;
using System.Net.Http.Headers;
using System.Text;
using Sophia.Net;

namespace Sophia.Automation;

/// <summary>
/// Sending: a grain timer aims at the next due attempt; a reminder wakes the grain while deliveries wait, so they go
/// on after a restart. Every POST goes through the guarded client, like any fetch made for a tenant.
/// </summary>
public sealed partial class WebhookOutboxGrain
{
    private const string ReminderName = "deliver";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private IGrainTimer? _pump;

    public Task ReceiveReminder(string reminderName, TickStatus status) => state.State.Pending.Count == 0 ? KeepReminderAsync() : SendDueAsync();

    private void ArmPump()
    {
        _pump?.Dispose();
        _pump = null;
        if (state.State.Pending.Count == 0)
        {
            return;
        }

        var wait = state.State.Pending.Min(d => d.NextAttemptAt) - time.GetUtcNow();
        _pump = this.RegisterGrainTimer(_ => SendDueAsync(), new GrainTimerCreationOptions(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, Timeout.InfiniteTimeSpan));
    }

    private async Task SendDueAsync()
    {
        foreach (var delivery in state.State.Pending.Where(d => d.NextAttemptAt <= time.GetUtcNow()).ToList())
        {
            // An unsubscribe or an earlier pass may have removed it meanwhile.
            if (!state.State.Pending.Contains(delivery))
            {
                continue;
            }

            var failure = await AttemptAsync(delivery);
            delivery.Attempts++;
            if (failure is null)
            {
                state.State.Pending.Remove(delivery);
            }
            else if (delivery.Attempts >= options.Value.MaxAttempts)
            {
                logger.LogWarning("Webhook delivery {Delivery} of {Tenant} failed {Attempts} times and went to the dead letters: {Failure}", delivery.Id, Tenant, delivery.Attempts, failure);
                Bury(delivery, failure);
            }
            else
            {
                (delivery.LastError, delivery.NextAttemptAt) = (failure, time.GetUtcNow() + options.Value.RetryAfter(delivery.Attempts));
            }

            // Written after each attempt, so a delivery that landed is never sent again after a restart.
            await state.WriteStateAsync();
        }

        await KeepReminderAsync();
        ArmPump();
    }

    /// <summary>POSTs one delivery, signed; null when the receiver answered 2xx, otherwise what went wrong.</summary>
    private async Task<string?> AttemptAsync(DeliveryRecord delivery)
    {
        if (state.State.Subscriptions.Find(s => s.Id == delivery.SubscriptionId) is not { } subscription)
        {
            return "The webhook was deleted.";
        }

        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(Protector.Unprotect(subscription.ProtectedSecret), timestamp, delivery.Id, body));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
        using var deadline = new CancellationTokenSource(AttemptTimeout);
        try
        {
            using var response = await http.CreateClient(GuardedHttp.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return response.IsSuccessStatusCode ? null : $"{subscription.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        }
        catch (Exception ex) when (GuardedHttp.IsFetchFailure(ex) || FetchRefusedException.Within(ex) is not null)
        {
            return ex is OperationCanceledException ? $"{subscription.Url} did not answer within {AttemptTimeout.TotalSeconds:0} s." : GuardedHttp.Failure(new Uri(subscription.Url), ex);
        }
    }

    private async Task KeepReminderAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (state.State.Pending.Count > 0 && reminder is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
        }
        else if (state.State.Pending.Count == 0 && reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
