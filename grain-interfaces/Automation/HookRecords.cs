namespace Sophia.Automation;

/// <summary>An incoming hook as its admin sees it, never with its secret.</summary>
[GenerateSerializer, Immutable, Alias("sophia.HookInfo")]
public sealed record HookInfo(string Name, string Owner, string ConversationId, string? Prompt, DateTimeOffset CreatedAt, DateTimeOffset? LastDeliveryAt, int Deliveries);

/// <summary>A created hook with its signing secret, which is shown only this once.</summary>
[GenerateSerializer, Immutable, Alias("sophia.CreatedHook")]
public sealed record CreatedHook(HookInfo Hook, string Secret);

/// <summary>One signed POST to a hook, as the gateway read it (headers as sent, body as bytes).</summary>
[GenerateSerializer, Immutable, Alias("sophia.SignedDelivery")]
public sealed record SignedDelivery(string? Id, string? Timestamp, string? Signature, byte[] Body);

/// <summary>
/// What became of a delivery: <c>Status</c> is the HTTP status to answer (202 accepted, 401 unsigned or stale, 404 no
/// such hook, 409 a replay, 400 unusable), <c>Problem</c> why when refused, and for 202 where the run was posted.
/// </summary>
[GenerateSerializer, Immutable, Alias("sophia.HookOutcome")]
public sealed record HookOutcome(int Status, string? Problem, string? ConversationId, long Seq);

/// <summary>The sizes a hook accepts: its prompt, and a delivery's payload, which with the prompt must fit one chat message.</summary>
public static class HookLimits
{
    public const int MaxPromptLength = 1000;
    public const int MaxBodyBytes = 24 * 1024;
}
