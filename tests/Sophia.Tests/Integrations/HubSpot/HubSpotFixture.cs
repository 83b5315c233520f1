using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Http.Resilience;
using Sophia.Integrations;
using Sophia.Integrations.HubSpot;
using Sophia.Integrations.Providers;

namespace Sophia.Tests.Integrations.HubSpot;

[CollectionDefinition(Name)]
public sealed class HubSpotCollection : ICollectionFixture<SyncMemoryFixture>
{
    public const string Name = "hubspot";
}

/// <summary>A HubSpot provider and the session a grain would hand it, built from a PUT body, against a local HubSpot.</summary>
public sealed class HubSpotUnderTest : IDisposable
{
    public const string PrivateAppToken = "pat-eu1-hubspot-sync";
    public const string ClientId = "hubspot-client-7";
    public const string ClientSecret = "hubspot-client-secret-7";
    private readonly ResilienceHandler _handler;
    private int _saves;

    /// <summary>Calls go through the integration grain's own resilience pipeline (retries honouring Retry-After, rate limiter).</summary>
    public HubSpotUnderTest(string tenant, JsonObject body, IGrainFactory grains)
    {
        _handler = new ResilienceHandler(IntegrationResilience.Build(Provider.RateLimit, TimeProvider.System)) { InnerHandler = new SocketsHttpHandler() };
        var parsed = Provider.Parse(body);
        Session = new IntegrationSession(tenant, "hubspot", parsed.Settings, parsed.Secrets, State, _handler, grains, TimeProvider.System,
            () => { Interlocked.Increment(ref _saves); return Task.CompletedTask; },
            () => Task.CompletedTask,
            (remaining, resetsAt) => RateBudget = (remaining, resetsAt));
    }

    public HubSpotIntegration Provider { get; } = new();

    public JsonObject State { get; } = [];

    public IntegrationSession Session { get; }

    public (long? Remaining, DateTimeOffset? ResetsAt) RateBudget { get; private set; }

    public int StateSaves => _saves;

    public static JsonObject PrivateAppBody(HubSpotServer server, string token = PrivateAppToken) => new()
    {
        ["baseUrl"] = server.BaseUrl,
        ["accessToken"] = token,
    };

    public static JsonObject OAuthBody(HubSpotServer server) => new()
    {
        ["baseUrl"] = server.BaseUrl,
        ["clientId"] = ClientId,
        ["clientSecret"] = ClientSecret,
        ["authorizeUrl"] = server.AuthorizeUrl,
    };

    /// <summary>Goes through the consent as the grain and the gateway do: the authorize page's redirect carries the code.</summary>
    public async Task ConsentAsync()
    {
        var consent = OAuthConsent.Start("http://127.0.0.1:9/api/integrations/hubspot/callback");
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var answer = await browser.GetAsync(Provider.ConsentUrl(Session, consent));
        var query = QueryHelpers.ParseQuery(answer.Headers.Location!.Query);
        Assert.Equal(consent.State, query["state"].ToString());
        await Provider.CompleteConsentAsync(Session, consent, query["code"].ToString(), CancellationToken.None);
    }

    public Task<string> CallAsync(string tool, JsonObject arguments) => Provider.CallAsync(Session, tool, arguments, CancellationToken.None);

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
