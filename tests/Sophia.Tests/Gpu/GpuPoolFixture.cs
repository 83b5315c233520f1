using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Sophia.Gpu;
using Sophia.Silo.Hosting;

namespace Sophia.Tests.Gpu;

/// <summary>One in-process silo whose GPU pools lease from a local Lambda server, on a fake clock.</summary>
public sealed class GpuPoolFixture : IAsyncLifetime
{
    public const int MaxInstances = 3;
    public const int SpendCap = 400;
    public const int ChunksPerInstance = 1000;
    public const int IdleTimeoutSeconds = 600;
    public const int BootTimeoutSeconds = 1200;
    public const int LaunchSettleSeconds = 120;
    public const string WorkerApiKey = "worker-key-for-tests-0123";

    private readonly TempFolder _data = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public LambdaCloudServer Lambda { get; private set; } = null!;

    public WorkerHealthServer Workers { get; private set; } = null!;

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-26T09:00:00Z"));

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>A pool of its own for each test, so tests never see each other's instances.</summary>
    public (IGpuPoolGrain Pool, string NamePrefix) NewPool()
    {
        var region = $"t{Guid.NewGuid():N}"[..12];
        return (Grains.GetGrain<IGpuPoolGrain>(region), $"sophia-sophia-{region}-");
    }

    /// <summary>Deactivates every grain, as a crash would, so the next call activates from persisted state only.</summary>
    public Task CrashGrainsAsync() => Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        Lambda = await LambdaCloudServer.StartAsync();
        Workers = await WorkerHealthServer.StartAsync(WorkerApiKey);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sophia:DataDirectory"] = _data.Path,
            ["Sophia:Gpu:Lambda:BaseUrl"] = Lambda.BaseUrl,
            ["Sophia:Gpu:Lambda:ApiKey"] = LambdaCloudServer.ApiKey,
            ["Sophia:Gpu:Lambda:SshKeyName"] = "sophia",
            ["Sophia:Gpu:Lambda:Regions:0"] = "us-east-3",
            ["Sophia:Gpu:Lambda:Regions:1"] = "us-west-1",
            ["Sophia:Gpu:Lambda:MinRequestIntervalMilliseconds"] = "0",
            ["Sophia:Gpu:Lambda:LaunchIntervalSeconds"] = "0",
            ["Sophia:Gpu:MaxInstances"] = MaxInstances.ToString(),
            ["Sophia:Gpu:SpendCapCentsPerHour"] = SpendCap.ToString(),
            ["Sophia:Gpu:ChunksPerInstance"] = ChunksPerInstance.ToString(),
            ["Sophia:Gpu:IdleTimeoutSeconds"] = IdleTimeoutSeconds.ToString(),
            ["Sophia:Gpu:BootTimeoutSeconds"] = BootTimeoutSeconds.ToString(),
            ["Sophia:Gpu:LaunchSettleSeconds"] = LaunchSettleSeconds.ToString(),
            // Passes run when a test asks for them; the reminder would add passes of its own at unknown moments.
            ["Sophia:Gpu:ReconcileIntervalSeconds"] = "86400",
            ["Sophia:Gpu:WorkerPort"] = Workers.Port.ToString(),
            ["Sophia:Gpu:WorkerApiKey"] = WorkerApiKey,
            ["Sophia:Gpu:Lambda:BootstrapScriptFile"] = Path.Combine(Sophia.Tests.Cluster.RepoPaths.Root, "infra", "gpu", "bootstrap.sh"),
        }).Build();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureClient(client => client.ActAsOperator());
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.AddSophiaGrainServices(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Lambda.DisposeAsync();
        await Workers.DisposeAsync();
        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class GpuPoolCollection : ICollectionFixture<GpuPoolFixture>
{
    public const string Name = "gpu-pool";
}
