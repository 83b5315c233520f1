namespace Sophia.Automation;

/// <summary>What a hook grain persists; the secret only encrypted, the delivery ids seen within the replay window.</summary>
[GenerateSerializer, Alias("sophia.HookState")]
public sealed class HookState
{
    [Id(0)] public string? ProtectedSecret { get; set; }
    [Id(1)] public string Owner { get; set; } = "";
    [Id(2)] public string ConversationId { get; set; } = "";
    [Id(3)] public string? Prompt { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public Dictionary<string, DateTimeOffset> Seen { get; set; } = [];
    [Id(6)] public DateTimeOffset? LastDeliveryAt { get; set; }
    [Id(7)] public int Deliveries { get; set; }
}
