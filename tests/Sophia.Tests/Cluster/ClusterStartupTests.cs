using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Silo.Hosting;
using Sophia.Tests.Memory;
using Sophia.Tests.Postgres;

namespace Sophia.Tests.Cluster;

/// <summary>README's Cluster profile by hand, as written: its settings table, a plain database owner, this host's address.</summary>
public sealed class ClusterStartupTests
{
    [Fact]
    public async Task The_readme_cluster_runs_as_a_plain_database_owner_advertising_this_hosts_address()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(migrate: false, owned: true);
        await using var qdrant = await QdrantServer.StartAsync();
        var firstMigrate = await MigrateCommandTests.MigrateAsync(database.ConnectionString);
        var secondMigrate = await MigrateCommandTests.MigrateAsync(database.ConnectionString);
        Assert.True(firstMigrate.ExitCode == 0, firstMigrate.Output);
        Assert.True(secondMigrate.ExitCode == 0, secondMigrate.Output);

        using var tls = new TempFolder();
        var (certificate, key) = (Path.Combine(tls.Path, "cluster.crt"), Path.Combine(tls.Path, "cluster.key"));
        var made = await MigrateCommandTests.SiloCommandAsync(["certificate", certificate, key]);
        Assert.True(made.ExitCode == 0, made.Output);

        var clusterId = $"r{Guid.NewGuid():N}"[..16];
        var (siloPort, gatewayPort, url) = (FreePort.Next(), FreePort.Next(), $"http://127.0.0.1:{FreePort.Next()}");
        // The table's rows, no more: Sophia__Silo__AdvertisedIp is left to its default on purpose.
        var both = new Dictionary<string, string>
        {
            ["Sophia__Profile"] = "cluster",
            ["ConnectionStrings__redis"] = TestServices.Redis,
            ["ConnectionStrings__postgres"] = database.ConnectionString,
            ["Sophia__Cluster__ClusterId"] = clusterId,
            ["Sophia__Cluster__ServiceId"] = clusterId,
            ["Sophia__Cluster__Tls__CertificatePath"] = certificate,
            ["Sophia__Cluster__Tls__KeyPath"] = key,
        };
        await using var silo = SophiaProcess.Start("silo", RepoPaths.SiloDll, new Dictionary<string, string>(both)
        {
            ["Sophia__Silo__SiloPort"] = siloPort.ToString(),
            ["Sophia__Silo__GatewayPort"] = gatewayPort.ToString(),
            ["Sophia__Silo__HttpPort"] = FreePort.Next().ToString(),
            ["Orleans__Metadata__region"] = "eu",
            ["Sophia__Memory__Qdrant__Url"] = qdrant.Url,
        });
        await using var gateway = SophiaProcess.Start("gateway", RepoPaths.GatewayDll, new Dictionary<string, string>(both)
        {
            ["urls"] = url,
            ["Sophia__Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["SOPHIA_ADMIN_PASSWORD"] = SophiaServer.AdminPassword,
        });
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        await LocalCluster.WaitUntilAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, "the gateway to be ready (it sees the silo)", gateway);

        var token = await TokenAsync(http);
        await using var hub = await LocalCluster.ConnectHubAsync(http, token);
        var conversationId = await hub.InvokeAsync<string>("CreateConversation", "readme");
        var answer = Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", conversationId, 0L), e => e.Type == ChatEventTypes.Done, "the offline answer");
        var seq = await hub.InvokeAsync<long>("SendMessage", conversationId, "hello, cluster");
        var events = await answer;
        using var remembered = await SendAsync(http, token, "/api/memory/facts", new { text = "The Zephyr launch is on the twelfth of March.", source = "readme" });
        using var recalled = await SendAsync(http, token, "/api/memory/recall", new { query = "When is the Zephyr launch?" });

        Assert.Equal(1, seq);
        Assert.Contains(events, e => e is { Type: ChatEventTypes.Message, Role: "assistant" } && e.Text.Contains("No chat model is configured"));
        Assert.True(remembered.StatusCode == HttpStatusCode.Created, await remembered.Content.ReadAsStringAsync() + LocalCluster.Tail(silo.Output));
        Assert.True(recalled.IsSuccessStatusCode, await recalled.Content.ReadAsStringAsync() + LocalCluster.Tail(silo.Output));
        Assert.Contains("twelfth of March", await recalled.Content.ReadAsStringAsync());
        var advertised = Regex.Match(silo.Output, $@"Silo advertises (\S+):{siloPort} \(gateway {gatewayPort}\)");
        Assert.True(advertised.Success, silo.Output);
        Assert.Contains(IPAddress.Parse(advertised.Groups[1].Value), HostAddresses());
    }

    [Fact]
    public async Task A_cluster_gateway_without_a_signing_key_exits_naming_the_setting_in_one_line()
    {
        using var tls = new TempFolder();
        using var certificate = ClusterCertificate.Create();
        ClusterCertificate.Write(certificate, Path.Combine(tls.Path, "cluster.crt"), Path.Combine(tls.Path, "cluster.key"));
        await using var gateway = SophiaProcess.Start("gateway without a key", RepoPaths.GatewayDll, new Dictionary<string, string>
        {
            ["Sophia__Profile"] = "cluster",
            ["Sophia__Cluster__Tls__CertificatePath"] = Path.Combine(tls.Path, "cluster.crt"),
            ["Sophia__Cluster__Tls__KeyPath"] = Path.Combine(tls.Path, "cluster.key"),
            ["ConnectionStrings__redis"] = TestServices.Redis,
            ["ConnectionStrings__postgres"] = TestServices.Postgres,
            ["Sophia__Auth__SigningKey"] = "",
            ["urls"] = $"http://127.0.0.1:{FreePort.Next()}",
        });

        await gateway.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(gateway.ExitCode != 0, gateway.Output);
        Assert.DoesNotContain("   at ", gateway.Output);
        var line = Assert.Single(gateway.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Sophia:Auth:SigningKey is required in the cluster profile", line);
        Assert.Contains("Sophia__Auth__SigningKey", line);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("gateway")]
    public async Task A_cluster_process_without_the_cluster_certificate_exits_naming_the_setting_in_one_line(string kind)
    {
        await using var process = SophiaProcess.Start($"{kind} without a certificate", kind == "silo" ? RepoPaths.SiloDll : RepoPaths.GatewayDll, new Dictionary<string, string>
        {
            ["Sophia__Profile"] = "cluster",
            ["ConnectionStrings__redis"] = TestServices.Redis,
            ["ConnectionStrings__postgres"] = TestServices.Postgres,
            ["Sophia__Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["urls"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Sophia__Silo__HttpPort"] = FreePort.Next().ToString(),
        });

        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(process.ExitCode != 0, process.Output);
        var line = Assert.Single(process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("The cluster profile needs Sophia:Cluster:Tls:CertificatePath", line);
    }

    // What Orleans may pick: an IPv4 address of an interface that is up, or loopback when there is none.
    private static IReadOnlyList<IPAddress> HostAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .Append(IPAddress.Loopback)
            .ToList();

    private static async Task<string> TokenAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = SophiaServer.AdminPassword });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string token, string path, object body) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Content = JsonContent.Create(body),
        });
}
