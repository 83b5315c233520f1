using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Gong;

/// <summary>
/// Gong's public API v2 with an access key pair: a sync of the company's calls with their transcripts into the tenant's
/// memory, and tools to search calls and read a transcript. It keeps to Gong's limits of 3 calls a second and 10,000 a day.
/// </summary>
public sealed class GongIntegration : IntegrationProvider
{
    private GongApi? _api;
    private IntegrationSession? _apiSession;

    /// <summary>Gong's per-second limit for the company; the day's limit is kept by <see cref="GongDailyBudget"/>.</summary>
    public override ProviderRateLimit RateLimit { get; } = new(3, TimeSpan.FromSeconds(1));

    public override bool Syncs => true;

    public override IntegrationSettings Parse(JsonObject body) => GongSettings.Parse(body);

    public override async Task CheckAsync(IntegrationSession session, CancellationToken cancellationToken) =>
        await ApiFor(session).GetAsync<GongUsersPage>("v2/users", "checking it with GET /v2/users", cancellationToken);

    public override Task<IReadOnlyList<IntegrationToolSpec>> ToolsAsync(IntegrationSession session, CancellationToken cancellationToken) =>
        Task.FromResult(GongTools.For(session.Integration));

    public override Task<string> CallAsync(IntegrationSession session, string tool, JsonObject arguments, CancellationToken cancellationToken) => tool switch
    {
        GongTools.SearchCalls => GongToolCalls.SearchAsync(ApiFor(session), arguments, cancellationToken),
        GongTools.CallTranscript => GongToolCalls.TranscriptAsync(ApiFor(session), arguments, cancellationToken),
        _ => throw new IntegrationRefusedException($"Gong has no tool '{tool}'."),
    };

    public override Task SyncAsync(IntegrationSession session, SyncProgress progress, CancellationToken cancellationToken) =>
        new GongSync(ApiFor(session), progress, cancellationToken).RunAsync();

    private GongApi ApiFor(IntegrationSession session)
    {
        if (_api is null || !ReferenceEquals(session, _apiSession))
        {
            (_api, _apiSession) = (new GongApi(session), session);
        }

        return _api;
    }
}
