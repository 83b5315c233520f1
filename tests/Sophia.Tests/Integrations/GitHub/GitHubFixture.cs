using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Http.Resilience;
using Orleans.TestingHost;
using Sophia.Integrations;
using Sophia.Integrations.GitHub;
using Sophia.Integrations.Providers;
using Sophia.Tests.Memory;

namespace Sophia.Tests.Integrations.GitHub;

/// <summary>One in-process silo whose tenant memory the GitHub sync writes into; each test starts its own local GitHub.</summary>
public sealed class GitHubFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync() => Cluster = await MemoryClusterFixture.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GitHubCollection : ICollectionFixture<GitHubFixture>
{
    public const string Name = "github";
}

/// <summary>A provider and the session a grain would hand it, built straight from a PUT body, against a local GitHub.</summary>
public sealed class GitHubUnderTest : IDisposable
{
    private readonly ResilienceHandler _handler;

    /// <summary>Calls go through the integration grain's own resilience pipeline (retries honouring Retry-After, rate limiter).</summary>
    public GitHubUnderTest(string tenant, JsonObject body, IGrainFactory grains, TimeProvider? time = null)
    {
        _handler = new ResilienceHandler(IntegrationResilience.Build(Provider.RateLimit, time ?? TimeProvider.System)) { InnerHandler = new SocketsHttpHandler() };
        var parsed = Provider.Parse(body);
        Session = new IntegrationSession(tenant, "github", parsed.Settings, parsed.Secrets, State, _handler, grains, time ?? TimeProvider.System,
            () => { Interlocked.Increment(ref _saves); return Task.CompletedTask; },
            () => Task.CompletedTask,
            (remaining, resetsAt) => RateBudget = (remaining, resetsAt));
    }

    private int _saves;

    public GitHubIntegration Provider { get; } = new();

    public JsonObject State { get; } = [];

    public IntegrationSession Session { get; }

    public (long? Remaining, DateTimeOffset? ResetsAt) RateBudget { get; private set; }

    public int StateSaves => _saves;

    public static JsonObject TokenBody(GitHubApiServer server, string token, params string[] repositories) => new()
    {
        ["baseUrl"] = server.BaseUrl,
        ["token"] = token,
        ["repositories"] = new JsonArray([.. repositories.Select(r => JsonValue.Create(r))]),
    };

    public static JsonObject AppBody(GitHubApiServer server, long appId, long installationId, RSA key, params string[] repositories) => new()
    {
        ["baseUrl"] = server.BaseUrl,
        ["appId"] = appId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["installationId"] = installationId,
        ["privateKey"] = key.ExportRSAPrivateKeyPem(),
        ["repositories"] = new JsonArray([.. repositories.Select(r => JsonValue.Create(r))]),
    };

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
