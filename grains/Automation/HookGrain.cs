using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Sophia.Chat;

namespace Sophia.Automation;

/// <summary>
/// One incoming webhook: a delivery that is signed with the hook's secret, recent, and not seen before is posted into
/// the hook's conversation as its owner, so the mediator answers it like any message.
/// </summary>
public sealed class HookGrain(
    [PersistentState("hook", "sophia")] IPersistentState<HookState> state,
    IDataProtectionProvider protection,
    TimeProvider time,
    ILogger<HookGrain> logger) : Grain, IHookGrain
{
    private const int MaxDeliveryIdLength = 64;

    private string Name => GrainKeys.Split(this.GetPrimaryKeyString()).Local;

    private IDataProtector Protector => protection.CreateProtector("sophia.hooks", this.GetPrimaryKeyString());

    public async Task<CreatedHook> CreateAsync(string owner, string conversationId, string? prompt)
    {
        if (state.State.ProtectedSecret is not null)
        {
            throw new ArgumentException($"A hook named '{Name}' exists: delete it first, or choose another name.");
        }

        if (prompt is { Length: > HookLimits.MaxPromptLength })
        {
            throw new ArgumentException($"The prompt is {prompt.Length} characters; the limit is {HookLimits.MaxPromptLength}.");
        }

        var secret = WebhookSignature.NewSecret();
        state.State = new HookState
        {
            ProtectedSecret = Protector.Protect(secret), Owner = owner, ConversationId = conversationId,
            Prompt = string.IsNullOrWhiteSpace(prompt) ? null : prompt, CreatedAt = time.GetUtcNow(),
        };
        await state.WriteStateAsync();
        return new CreatedHook(Info()!, secret);
    }

    public Task<HookInfo?> GetAsync() => Task.FromResult(Info());

    public async Task<HookOutcome> ReceiveAsync(SignedDelivery delivery)
    {
        if (state.State.ProtectedSecret is not { } protectedSecret)
        {
            return Refused(404, "There is no such hook.");
        }

        var now = time.GetUtcNow();
        if (WebhookSignature.Problem(Protector.Unprotect(protectedSecret), delivery, now) is { } problem)
        {
            return Refused(401, problem);
        }

        // A timestamp is accepted up to the tolerance either side of now, so an id is remembered for twice as long.
        foreach (var old in state.State.Seen.Where(s => now - s.Value > 2 * WebhookSignature.Tolerance).Select(s => s.Key).ToList())
        {
            state.State.Seen.Remove(old);
        }

        if (state.State.Seen.TryGetValue(delivery.Id!, out var seenAt))
        {
            return Refused(409, $"Delivery '{delivery.Id}' was already received at {seenAt:O}: a replay is refused. Give each delivery a new {WebhookSignature.DeliveryHeader}.");
        }

        if (delivery.Id!.Length > MaxDeliveryIdLength)
        {
            return Refused(400, $"{WebhookSignature.DeliveryHeader} may be at most {MaxDeliveryIdLength} characters.");
        }

        string payload;
        try
        {
            payload = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(delivery.Body);
        }
        catch (DecoderFallbackException)
        {
            return Refused(400, "Send the payload as UTF-8 text (JSON, for instance).");
        }

        var conversation = GrainFactory.GetGrain<IConversationGrain>(GrainKeys.Of(GrainKeys.Split(this.GetPrimaryKeyString()).Tenant, state.State.ConversationId));
        long seq;
        try
        {
            seq = await conversation.PostAsync(state.State.Owner, Message(payload), $"hook:{Name}:{delivery.Id}");
        }
        catch (Exception ex) when (ex is ArgumentException or ConversationBusyException)
        {
            logger.LogWarning("Hook {Hook} could not post delivery {Delivery}: {Reason}", this.GetPrimaryKeyString(), delivery.Id, ex.Message);
            return Refused(ex is ConversationBusyException ? 409 : 400, ex.Message);
        }

        state.State.Seen[delivery.Id] = now;
        (state.State.LastDeliveryAt, state.State.Deliveries) = (now, state.State.Deliveries + 1);
        await state.WriteStateAsync();
        return new HookOutcome(202, null, state.State.ConversationId, seq);
    }

    public async Task<bool> DeleteAsync()
    {
        var existed = state.State.ProtectedSecret is not null;
        await state.ClearStateAsync();
        return existed;
    }

    private string Message(string payload) =>
        $"{state.State.Prompt ?? $"A delivery arrived on webhook '{Name}'. Say what it reports."}\n\nPayload:\n```\n{payload}\n```";

    private static HookOutcome Refused(int status, string problem) => new(status, problem, null, 0);

    private HookInfo? Info() => state.State.ProtectedSecret is null ? null
        : new HookInfo(Name, state.State.Owner, state.State.ConversationId, state.State.Prompt, state.State.CreatedAt, state.State.LastDeliveryAt, state.State.Deliveries);
}
