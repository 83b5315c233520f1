namespace Sophia.Integrations;

/// <summary>What an integration persists. Secrets and the provider's own state are encrypted with Data Protection.</summary>
[GenerateSerializer, Alias("sophia.IntegrationState")]
public sealed class IntegrationState
{
    [Id(0)] public bool Connected { get; set; }
    [Id(1)] public string Settings { get; set; } = "{}";
    [Id(2)] public string? ProtectedSecrets { get; set; }
    [Id(3)] public string? ProtectedProviderState { get; set; }
    [Id(4)] public DateTimeOffset ConnectedAt { get; set; }
    [Id(5)] public string ConnectedBy { get; set; } = "";
    [Id(6)] public IntegrationHealth Health { get; set; } = IntegrationHealth.Unknown;
    [Id(7)] public IntegrationSync? Sync { get; set; }
    [Id(8)] public List<IntegrationToolSpec> Tools { get; set; } = [];

    /// <summary>Connected with settings that still need the provider's consent page (an OAuth provider without tokens).</summary>
    [Id(9)] public bool AwaitingConsent { get; set; }
}
