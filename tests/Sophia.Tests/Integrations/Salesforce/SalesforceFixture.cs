using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Sophia.Integrations;
using Sophia.Integrations.Providers;
using Sophia.Integrations.Salesforce;

namespace Sophia.Tests.Integrations.Salesforce;

[CollectionDefinition(Name)]
public sealed class SalesforceCollection : ICollectionFixture<SyncMemoryFixture>
{
    public const string Name = "salesforce";
}

/// <summary>
/// A provider and the session a grain would hand it, built from a PUT body, against a local Salesforce; its calls go
/// through the grain's resilience pipeline. <see cref="SavedState"/> is the state as of its last save: what a new
/// activation of the grain would start from.
/// </summary>
public sealed class SalesforceUnderTest : IDisposable
{
    private readonly ResilienceHandler _handler;
    private readonly List<int> _requestsAtSave = [];
    private string _saved = "{}";

    public SalesforceUnderTest(SalesforceServer server, string tenant, JsonObject body, IGrainFactory grains, TimeProvider? time = null, JsonObject? savedState = null)
    {
        _handler = new ResilienceHandler(IntegrationResilience.Build(Provider.RateLimit, TimeProvider.System)) { InnerHandler = new SocketsHttpHandler() };
        var parsed = Provider.Parse(body);
        State = savedState?.DeepClone().AsObject() ?? [];
        Session = new IntegrationSession(tenant, IntegrationNames.Salesforce, parsed.Settings, parsed.Secrets, State, _handler, grains, time ?? TimeProvider.System,
            () =>
            {
                lock (_requestsAtSave)
                {
                    _saved = State.ToJsonString();
                    _requestsAtSave.Add(server.Requests.Count);
                }

                return Task.CompletedTask;
            },
            () => Task.CompletedTask,
            (remaining, _) => RateRemaining = remaining);
    }

    public SalesforceIntegration Provider { get; } = new();

    public JsonObject State { get; }

    public IntegrationSession Session { get; }

    public long? RateRemaining { get; private set; }

    public JsonObject SavedState => JsonNode.Parse(_saved)!.AsObject();

    /// <summary>For each save, how many REST requests the server had seen by then.</summary>
    public IReadOnlyList<int> RequestsAtSave
    {
        get
        {
            lock (_requestsAtSave)
            {
                return [.. _requestsAtSave];
            }
        }
    }

    public static JsonObject Body(SalesforceServer server, string? refreshToken = null, string clientSecret = SalesforceServer.ClientSecret)
    {
        var body = new JsonObject { ["loginUrl"] = server.BaseUrl, ["clientId"] = SalesforceServer.ClientId, ["clientSecret"] = clientSecret };
        if (refreshToken is not null)
        {
            body["refreshToken"] = refreshToken;
        }

        return body;
    }

    public Task CheckAsync() => Provider.CheckAsync(Session, CancellationToken.None);

    public Task<string> CallAsync(string tool, JsonObject arguments) => Provider.CallAsync(Session, tool, arguments, CancellationToken.None);

    public Task<string> SoqlAsync(string query) => CallAsync("salesforce_soql", new JsonObject { ["query"] = query });

    public async Task<SyncProgress> SyncAsync()
    {
        var progress = new SyncProgress();
        await Provider.SyncAsync(Session, progress, CancellationToken.None);
        return progress;
    }

    public void Dispose()
    {
        Provider.CloseAsync().AsTask().GetAwaiter().GetResult();
        Session.Http.Dispose();
        _handler.Dispose();
    }
}
