using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.HubSpot;

/// <summary>
/// HubSpot's CRM, with a private app's access token or an OAuth app the admin consents to: contacts, companies, deals,
/// tickets and notes searched and read as tools, and synced incrementally into the tenant's memory with their
/// associations, deleted records taken out again.
/// </summary>
public sealed class HubSpotIntegration : IntegrationProvider
{
    private readonly HubSpotTokens _tokens = new();

    // HubSpot's search endpoints take five requests a second per account, fewer than its other endpoints.
    private readonly SlidingWindowRateLimiter _searches = new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = 5,
        Window = TimeSpan.FromSeconds(1),
        SegmentsPerWindow = 5,
        QueueLimit = 100,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>HubSpot's burst limit for private apps on Free and Starter accounts and for OAuth apps: 100 requests every 10 seconds.</summary>
    public override ProviderRateLimit RateLimit { get; } = new(100, TimeSpan.FromSeconds(10));

    public override bool Syncs => true;

    public override IntegrationSettings Parse(JsonObject body) => HubSpotSettings.Parse(body);

    public override async Task CheckAsync(IntegrationSession session, CancellationToken cancellationToken)
    {
        var client = Client(session);
        await client.GetAsync("crm/v3/objects/contacts?limit=1", "reading one contact to check the token", cancellationToken);
        await HubSpotPortal.GetAsync(client, cancellationToken);
    }

    public override Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync(IntegrationSession session, CancellationToken cancellationToken) =>
        Task.FromResult(HubSpotTools.For(session.Integration));

    public override Task<string> CallAsync(IntegrationSession session, string tool, JsonObject arguments, CancellationToken cancellationToken) => tool switch
    {
        HubSpotTools.Search => HubSpotTools.SearchAsync(Client(session), arguments, cancellationToken),
        HubSpotTools.Get => HubSpotTools.GetAsync(Client(session), arguments, cancellationToken),
        _ => throw new IntegrationRefusedException($"HubSpot has no tool '{tool}'."),
    };

    public override Task SyncAsync(IntegrationSession session, SyncProgress progress, CancellationToken cancellationToken) =>
        new HubSpotSync(Client(session), progress, cancellationToken).RunAsync();

    public override bool AwaitsConsent(IntegrationSession session) =>
        HubSpotSettings.From(session.Settings).IsOAuth && !HubSpotTokens.Held(session);

    public override Uri ConsentUrl(IntegrationSession session, OAuthConsent consent)
    {
        var settings = HubSpotSettings.From(session.Settings);
        if (!settings.IsOAuth)
        {
            throw new IntegrationRefusedException("This HubSpot connection uses a private app's access token: there is nothing to consent to.");
        }

        var query = string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = settings.ClientId!,
            ["redirect_uri"] = consent.RedirectUri,
            ["scope"] = settings.Scopes,
            ["state"] = consent.State,
            ["code_challenge"] = consent.CodeChallenge,
            ["code_challenge_method"] = "S256",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        return new Uri($"{settings.AuthorizeUrl}?{query}");
    }

    public override Task CompleteConsentAsync(IntegrationSession session, OAuthConsent consent, string code, CancellationToken cancellationToken) =>
        _tokens.ExchangeCodeAsync(session, HubSpotSettings.From(session.Settings), consent, code, cancellationToken);

    public override ValueTask CloseAsync()
    {
        _searches.Dispose();
        return ValueTask.CompletedTask;
    }

    private HubSpotClient Client(IntegrationSession session) => new(session, _tokens, _searches);
}
