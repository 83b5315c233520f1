using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Sophia.Integrations;
using Sophia.Integrations.Gong;
using Sophia.Integrations.Providers;

namespace Sophia.Tests.Integrations.Gong;

[CollectionDefinition(Name)]
public sealed class GongCollection : ICollectionFixture<SyncMemoryFixture>
{
    public const string Name = "gong";
}

/// <summary>
/// The Gong provider and the session its grain would hand it, built from a PUT body, against a local Gong. Calls go
/// through the grain's own resilience pipeline (rate limiter at 3 a second, retries honouring Retry-After). A new one
/// over the same <see cref="State"/> is what a new activation resuming the sync would be.
/// </summary>
public sealed class GongUnderTest : IDisposable
{
    private readonly ResilienceHandler _handler;
    private int _saves;

    public GongUnderTest(string tenant, JsonObject body, IGrainFactory grains, JsonObject? state = null)
    {
        _handler = new ResilienceHandler(IntegrationResilience.Build(Provider.RateLimit, TimeProvider.System)) { InnerHandler = new SocketsHttpHandler() };
        var parsed = Provider.Parse(body);
        State = state ?? [];
        Session = new IntegrationSession(tenant, IntegrationNames.Gong, parsed.Settings, parsed.Secrets, State, _handler, grains, TimeProvider.System,
            () => { Interlocked.Increment(ref _saves); return Task.CompletedTask; },
            () => Task.CompletedTask,
            (remaining, resetsAt) => RateBudget = (remaining, resetsAt));
    }

    public GongIntegration Provider { get; } = new();

    public JsonObject State { get; }

    public IntegrationSession Session { get; }

    public (long? Remaining, DateTimeOffset? ResetsAt) RateBudget { get; private set; }

    public int StateSaves => _saves;

    public static JsonObject Body(GongServer server, string accessKey = GongServer.AccessKey, string secret = GongServer.AccessKeySecret) => new()
    {
        ["baseUrl"] = server.BaseUrl,
        ["accessKey"] = accessKey,
        ["accessKeySecret"] = secret,
    };

    public Task CheckAsync() => Provider.CheckAsync(Session, CancellationToken.None);

    public Task<string> CallAsync(string tool, JsonObject arguments) => Provider.CallAsync(Session, tool, arguments, CancellationToken.None);

    public async Task<SyncProgress> SyncAsync(SyncProgress? progress = null)
    {
        progress ??= new SyncProgress();
        await Provider.SyncAsync(Session, progress, CancellationToken.None);
        return progress;
    }

    public void Dispose()
    {
        Session.Http.Dispose();
        _handler.Dispose();
    }
}
