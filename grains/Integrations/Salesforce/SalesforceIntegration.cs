using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Salesforce;

/// <summary>
/// A Salesforce org through its REST API, connected with an External Client App by the OAuth web server flow with PKCE
/// (or a refresh token given in the settings): read-only SOQL and record tools for agents, and a sync of accounts,
/// contacts, opportunities and cases into the tenant's memory.
/// </summary>
public sealed class SalesforceIntegration : IntegrationProvider
{
    private readonly SalesforceOAuth _oauth = new();
    private SalesforceApi? _api;

    /// <summary>
    /// Salesforce limits an org per rolling 24 hours (e.g. 100,000 requests plus 1,000 per licence for Enterprise Edition)
    /// and to 25 long-running requests at once, not per second: 10 a second keeps a sync from spending the day's budget
    /// in bursts, and <c>Sforce-Limit-Info</c> stops it short of the last 5%.
    /// </summary>
    public override ProviderRateLimit RateLimit { get; } = new(10, TimeSpan.FromSeconds(1));

    public override bool Syncs => true;

    public override IntegrationSettings Parse(JsonObject body) => SalesforceSettings.Parse(body);

    public override bool AwaitsConsent(IntegrationSession session) => SalesforceToken.In(session) is null;

    public override Uri ConsentUrl(IntegrationSession session, OAuthConsent consent) =>
        SalesforceOAuth.ConsentUrl(SalesforceSettings.From(session.Settings), consent);

    public override Task CompleteConsentAsync(IntegrationSession session, OAuthConsent consent, string code, CancellationToken cancellationToken) =>
        SalesforceOAuth.ExchangeCodeAsync(session, consent, code, cancellationToken);

    /// <summary>A token (refreshed when only a refresh token is known) and a real call: the org's limits, which also tell its budget.</summary>
    public override async Task CheckAsync(IntegrationSession session, CancellationToken cancellationToken)
    {
        if (SalesforceToken.In(session) is null)
        {
            throw SalesforceOAuth.NeedsConsent();
        }

        var limits = await ApiFor(session).GetAsync($"{SalesforceApi.DataPath}/limits", "reading the org's limits", cancellationToken);
        if (limits["DailyApiRequests"] is JsonObject daily && daily["Remaining"]?.GetValue<long>() is { } remaining)
        {
            session.ReportRateBudget(remaining, null);
        }
    }

    public override Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync(IntegrationSession session, CancellationToken cancellationToken) =>
        Task.FromResult(SalesforceTools.For(session.Integration));

    public override Task<string> CallAsync(IntegrationSession session, string tool, JsonObject arguments, CancellationToken cancellationToken) => tool switch
    {
        SalesforceTools.Soql => SalesforceTools.SoqlAsync(ApiFor(session), arguments, cancellationToken),
        SalesforceTools.Get => SalesforceTools.GetAsync(ApiFor(session), arguments, cancellationToken),
        _ => throw new IntegrationRefusedException($"Salesforce has no tool '{tool}'; it has {SalesforceTools.Soql} and {SalesforceTools.Get}."),
    };

    public override Task SyncAsync(IntegrationSession session, SyncProgress progress, CancellationToken cancellationToken) =>
        new SalesforceSync(ApiFor(session), progress, cancellationToken).RunAsync();

    public override ValueTask CloseAsync()
    {
        _api = null;
        return ValueTask.CompletedTask;
    }

    /// <summary>One API client per session; the refresh lock is the activation's, so a refresh happens once cluster-wide.</summary>
    private SalesforceApi ApiFor(IntegrationSession session)
    {
        if (_api is null || !ReferenceEquals(_api.Session, session))
        {
            _api = new SalesforceApi(session, _oauth);
        }

        return _api;
    }
}
