namespace Sophia.Integrations;

/// <summary>
/// One tenant's connection to one provider (key <c>tenant/integration</c>, see <see cref="IntegrationNames"/>): its
/// settings and encrypted credentials, its health, its tools and its sync. One activation in the whole cluster, so a
/// token refresh happens once however many silos ask.
/// </summary>
[Alias("sophia.IIntegrationGrain")]
public interface IIntegrationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks the settings with a real call to the provider and keeps them; the body is the provider's JSON (see README).
    /// Throws <see cref="IntegrationRefusedException"/> saying what failed, and then changes nothing.
    /// </summary>
    [Alias("Connect")]
    Task<IntegrationStatus> ConnectAsync(string settingsJson, string user);

    /// <summary>
    /// Starts an OAuth provider's consent flow: returns the provider's authorization page, whose code comes back to
    /// <paramref name="redirectUri"/> with a <c>state</c> that <see cref="CompleteConsentAsync"/> checks. Throws
    /// <see cref="IntegrationRefusedException"/> when the integration is not connected or has no consent flow.
    /// </summary>
    [Alias("BeginConsent")]
    Task<string> BeginConsentAsync(string redirectUri);

    /// <summary>
    /// Finishes the consent flow <paramref name="consentState"/> started: exchanges the code for tokens, checks the
    /// connection and lists its tools. Throws <see cref="IntegrationRefusedException"/> for an unknown or expired state
    /// or a code the provider refuses.
    /// </summary>
    [Alias("CompleteConsent")]
    Task<IntegrationStatus> CompleteConsentAsync(string consentState, string code, string user);

    /// <summary>Forgets the settings and credentials; false when it was not connected.</summary>
    [Alias("Disconnect")]
    Task<bool> DisconnectAsync();

    /// <summary>State, health, sync and counts; null when not connected.</summary>
    [Alias("Get")]
    Task<IntegrationStatus?> GetAsync();

    /// <summary>Starts a sync into the tenant's memory (it runs after the call returns); throws <see cref="IntegrationRefusedException"/> when the provider does not sync.</summary>
    [Alias("StartSync")]
    Task<IntegrationStatus> StartSyncAsync();

    /// <summary>The tools agents may call; <paramref name="refresh"/> asks the provider again.</summary>
    [Alias("ListTools")]
    Task<IReadOnlyList<IntegrationToolSpec>> ListToolsAsync(bool refresh = false);

    /// <summary>What a person approving a call of a risky tool should see besides its arguments (a proposed change's diff); null for nothing more.</summary>
    [Alias("PreviewTool")]
    Task<string?> PreviewToolAsync(string tool, string argumentsJson);

    /// <summary>Runs one of its tools for <paramref name="user"/>; the answer is text for the model (a provider's error is told, not thrown).</summary>
    [Alias("CallTool")]
    Task<string> CallToolAsync(string tool, string argumentsJson, string user);
}

/// <summary>The integrations a tenant has connected and their tools, so a turn finds them in one call.</summary>
[Alias("sophia.IIntegrationRegistryGrain"), Tenancy.KeyedByTenant]
public interface IIntegrationRegistryGrain : IGrainWithStringKey
{
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<string>> ListAsync();

    [Alias("Tools"), ReadOnly]
    Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync();

    /// <summary>
    /// The tools, and <paramref name="observer"/> (the copy <paramref name="silo"/> keeps) is told when they change or
    /// this activation ends, so a silo can keep them between turns. Reads do not wait on one another.
    /// </summary>
    [Alias("WatchTools"), ReadOnly]
    Task<IReadOnlyList<IntegrationToolSpec>> WatchToolsAsync(SiloAddress silo, ITenantToolsObserver observer);

    /// <summary>Called by an integration when it connects or its tools change.</summary>
    [Alias("Set")]
    Task SetAsync(string integration, IReadOnlyList<IntegrationToolSpec> tools);

    [Alias("Remove")]
    Task RemoveAsync(string integration);
}
