using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Sophia.Silo.Hosting;
using StackExchange.Redis;

namespace Sophia.Tests.Cluster;

/// <summary>
/// A real cluster on loopback: silo processes in regions, one gateway process, all on the test Redis and a
/// PostgreSQL database of their own, under a cluster id no other test shares.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly Dictionary<int, SophiaProcess> _silosByPort = [];
    private readonly List<SophiaProcess> _processes = [];
    private readonly IReadOnlyDictionary<string, string> _extra;
    private readonly string _signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly TempFolder _tls = new();
    private string? _operatorToken;
    private string _adminPassword = SophiaServer.AdminPassword;
    private IHost? _client;

    private LocalCluster(string postgres, IReadOnlyDictionary<string, string> extra)
    {
        Postgres = postgres;
        _extra = extra;
        using var certificate = ClusterCertificate.Create();
        ClusterCertificate.Write(certificate, CertificatePath, KeyPath);
    }

    /// <summary>The self-signed certificate every process of this cluster holds for its mutual TLS.</summary>
    public string CertificatePath => Path.Combine(_tls.Path, "cluster.crt");

    public string KeyPath => Path.Combine(_tls.Path, "cluster.key");

    public string ClusterId { get; } = $"t{Guid.NewGuid():N}"[..16];

    public string Postgres { get; }

    public SophiaProcess? Gateway { get; private set; }

    /// <summary>The first gateway's HTTP client.</summary>
    public HttpClient Http { get; private set; } = null!;

    private readonly List<HttpClient> _httpClients = [];

    public IReadOnlyCollection<SophiaProcess> Silos => _silosByPort.Values;

    private readonly Dictionary<SophiaProcess, int> _httpPorts = [];

    /// <summary>The port a silo serves <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> on.</summary>
    public int HttpPortOf(SophiaProcess silo) => _httpPorts[silo];

    public IClusterClient Client => _client?.Services.GetRequiredService<IClusterClient>() ?? throw new InvalidOperationException("Call ConnectClientAsync first.");

    /// <summary>Starts one silo per region given, then the gateway, and waits until the gateway sees every silo.</summary>
    /// <summary>Starts silos in these regions and a gateway; <paramref name="adminPassword"/> when the database already has an admin (a fixture from an older version).</summary>
    public static async Task<LocalCluster> StartAsync(string postgres, string[] siloRegions, IReadOnlyDictionary<string, string>? extra = null, string? adminPassword = null)
    {
        var cluster = new LocalCluster(postgres, extra ?? new Dictionary<string, string>()) { _adminPassword = adminPassword ?? SophiaServer.AdminPassword };
        foreach (var region in siloRegions)
        {
            cluster.StartSilo(region);
        }

        cluster.Http = await cluster.AddGatewayAsync();
        await cluster.WaitForActiveSilosAsync(siloRegions.Length);
        return cluster;
    }

    public SophiaProcess StartSilo(string region)
    {
        var port = FreePort.Next();
        var httpPort = FreePort.Next();
        var silo = SophiaProcess.Start($"silo {region}:{port}", RepoPaths.SiloDll, Environment(new()
        {
            ["Sophia__Silo__SiloPort"] = port.ToString(),
            ["Sophia__Silo__HttpPort"] = httpPort.ToString(),
            ["Sophia__Silo__GatewayPort"] = FreePort.Next().ToString(),
            ["Sophia__Silo__AdvertisedIp"] = "127.0.0.1",
            ["Sophia__Silo__Name"] = $"{region}-{port}",
            ["Orleans__Metadata__region"] = region,
        }));
        _silosByPort[port] = silo;
        _httpPorts[silo] = httpPort;
        _processes.Add(silo);
        return silo;
    }

    /// <summary>Runs a one-shot command of the silo executable (<c>ops silos</c>, say) with this cluster's settings.</summary>
    public async Task<(int ExitCode, string Output)> RunSiloCommandAsync(params string[] arguments)
    {
        await using var command = SophiaProcess.Start($"silo {string.Join(' ', arguments)}", RepoPaths.SiloDll, Environment(new()), arguments);
        await command.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (command.ExitCode, command.Output);
    }

    /// <summary>The silo process listening on this silo port.</summary>
    public SophiaProcess SiloOnPort(int port) => _silosByPort[port];

    /// <summary>Starts a gateway replica (client-api in cluster mode) sharing the others' signing key; returns its HTTP client.</summary>
    public async Task<HttpClient> AddGatewayAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var gateway = SophiaProcess.Start($"gateway {url}", RepoPaths.GatewayDll, Environment(new()
        {
            ["urls"] = url,
            ["Sophia__Auth__SigningKey"] = _signingKey,
            ["SOPHIA_ADMIN_PASSWORD"] = SophiaServer.AdminPassword,
        }));
        Gateway ??= gateway;
        _processes.Add(gateway);
        var http = new HttpClient { BaseAddress = new Uri(url) };
        _httpClients.Add(http);
        await WaitUntilAsync(async () => (await http.GetAsync("/healthz")).IsSuccessStatusCode, "the gateway to listen", gateway);
        return http;
    }

    /// <summary>Waits until the gateway's readiness reports exactly this many active silos.</summary>
    public Task WaitForActiveSilosAsync(int count) =>
        WaitUntilAsync(async () => (await ReadinessAsync()).Orleans == $"{count} active silo(s)", $"{count} active silo(s)", Gateway!);

    /// <summary>The gateway's readiness as an operator sees it, each check with its detail.</summary>
    public async Task<(int Status, string? Orleans, JsonElement Checks)> ReadinessAsync()
    {
        // Signed in once while the cluster answers, so readiness can still be read while a dependency is down.
        _operatorToken ??= await TokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _operatorToken);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        // While a silo dies the session check itself may not reach the user's grain: the answer is then the anonymous one.
        if (!body.TryGetProperty("checks", out var checks))
        {
            return ((int)response.StatusCode, null, default);
        }

        return ((int)response.StatusCode, checks.GetProperty("orleans").GetProperty("detail").GetString(), checks);
    }

    /// <summary>An Orleans client of this cluster inside the test, for questions only operators ask (where is a grain?).</summary>
    public async Task ConnectClientAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration[$"{ClusterTlsOptions.Section}:CertificatePath"] = CertificatePath;
        builder.Configuration[$"{ClusterTlsOptions.Section}:KeyPath"] = KeyPath;
        var tls = ClusterTls.Load(builder.Configuration, required: true)!;
        builder.UseOrleansClient(c => c
            .UseTls(tls.Certificate, tls.Configure)
            .ActAsOperator()
            .UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(TestServices.Redis))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId)));
        _client = builder.Build();
        await _client.StartAsync();
    }

    /// <summary>The silo process that hosts the activation whose key is <paramref name="grainKey"/>.</summary>
    public async Task<SophiaProcess> HostOfAsync(string grainType, string grainKey) =>
        (await HostsOfAsync(grainType, grainKey)).FirstOrDefault() ?? throw new InvalidOperationException($"No activation of {grainType}/{grainKey}.");

    /// <summary>Every live silo process with an activation of the grain: right after a crash there can briefly be two.</summary>
    public async Task<IReadOnlyList<SophiaProcess>> HostsOfAsync(string grainType, string grainKey)
    {
        var stats = await StatisticsAsync();
        return stats.Where(s => s.GrainId.Type.ToString() == grainType && s.GrainId.Key.ToString() == grainKey)
            .Select(s => _silosByPort[s.SiloAddress.Endpoint.Port])
            .Where(p => !p.HasExited)
            .Distinct()
            .ToList();
    }

    private async Task<DetailedGrainStatistic[]> StatisticsAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            }
            catch (Exception ex) when (attempt < 20 && ex is ConnectionFailedException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                // Right after silos die, this client may still try their gateways once before dropping them.
                await Task.Delay(250);
            }
        }
    }

    /// <summary>A started SignalR connection to a gateway's chat hub.</summary>
    public static async Task<HubConnection> ConnectHubAsync(HttpClient gateway, string token)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.BaseAddress!, "/hubs/chat"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await hub.StartAsync();
        return hub;
    }

    public async Task<string> TokenAsync()
    {
        using var response = await Http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = _adminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public string Describe() => string.Join("\n", _processes.Select(p => $"--- {p.Name}{(p.HasExited ? " (exited)" : "")} ---\n{Tail(p.Output)}"));

    private Dictionary<string, string> Environment(Dictionary<string, string> specific)
    {
        var environment = new Dictionary<string, string>
        {
            ["Sophia__Profile"] = "cluster",
            ["ConnectionStrings__redis"] = TestServices.Redis,
            ["ConnectionStrings__postgres"] = Postgres,
            ["Sophia__Cluster__ClusterId"] = ClusterId,
            ["Sophia__Cluster__ServiceId"] = ClusterId,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Sophia__RateLimits__SignIn__PermitLimit"] = "1000",
            // Failover tests keep one user sending ten messages a second.
            ["Sophia__RateLimits__Sends__PermitLimit"] = "100000",
            ["Sophia__Auth__SignInsPerUsernamePerMinute"] = "1000",
            ["Sophia__Cluster__Tls__CertificatePath"] = CertificatePath,
            ["Sophia__Cluster__Tls__KeyPath"] = KeyPath,
            ["Sophia__Tools__Web__AllowedHosts__0"] = WebPageServer.Host,
        };
        foreach (var (key, value) in _extra.Concat(specific))
        {
            environment[key] = value;
        }

        return environment;
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, SophiaProcess process)
    {
        async Task<int> Poll()
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{process.Name} exited while waiting for {what}:\n{Tail(process.Output)}");
                }

                try
                {
                    if (await condition())
                    {
                        return 0;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100);
            }
        }

        await Within.Wait(Poll(), what, TimeSpan.FromSeconds(60));
    }

    public static string Tail(string output) => output.Length > 8000 ? output[^8000..] : output;

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync(TimeSpan.FromSeconds(5));
            _client.Dispose();
        }

        // For failures a log tail cannot explain: SOPHIA_TEST_LOG_DIR keeps every process's whole log.
        if (System.Environment.GetEnvironmentVariable("SOPHIA_TEST_LOG_DIR") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            foreach (var process in _processes)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, $"{ClusterId}-{string.Concat(process.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'))}.log"), process.Output);
            }
        }

        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        foreach (var http in _httpClients)
        {
            http.Dispose();
        }

        _tls.Dispose();
    }
}
