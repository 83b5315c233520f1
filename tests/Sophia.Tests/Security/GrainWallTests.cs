using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Sophia.Gpu;
using Sophia.Memory;
using Sophia.Silo.Hosting;
using Sophia.Tenancy;
using Sophia.Tests.Auth;
using Sophia.Tests.Cluster;
using Sophia.Tests.Memory;
using Sophia.Tests.Postgres;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Sophia.Tests.Security;

/// <summary>
/// The cluster's own walls, tried from outside the gateway: a process holding the cluster certificate that forges the
/// caller in RequestContext reaches nothing of another tenant or user, and one without the certificate cannot call at all.
/// </summary>
public sealed class GrainWallTests(ITestOutputHelper output)
{
    private const string Password = "a-long-enough-password";

    [Fact]
    public async Task Forged_callers_reach_no_other_tenants_or_users_grains_and_a_client_without_the_certificate_cannot_call()
    {
        // Memory refuses a superuser (it would skip row-level security): the cluster runs as the database's owner.
        await using var database = await PostgresTestDatabase.CreateAsync(owned: true);
        await using var qdrant = await QdrantServer.StartAsync();
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"], new Dictionary<string, string> { ["Sophia__Memory__Qdrant__Url"] = qdrant.Url });
        var admin = await cluster.TokenAsync();
        Assert.Equal(201, (await Api.PostAsync(cluster.Http, "/api/tenants", admin, new { tenant = "beta", owner = new { username = "bob", password = Password } })).Status);
        Assert.Equal(201, (await Api.PostAsync(cluster.Http, "/api/users", admin, new { username = "eve", role = Roles.Member, password = Password })).Status);
        var conversation = (await Api.PostAsync(cluster.Http, "/api/conversations", admin, new { title = "admin's plans" })).Body.GetProperty("id").GetString()!;

        await using var holder = await ConnectAsync(cluster, X509Certificate2.CreateFromPemFile(cluster.CertificatePath, cluster.KeyPath));
        var grains = holder.Services.GetRequiredService<IClusterClient>();
        var bob = new CallerIdentity("beta", "bob");
        var eve = new CallerIdentity("default", "eve");
        var attempts = new (string What, CallerIdentity? As, bool System, Func<Task> Call)[]
        {
            ("no caller: default's members", null, false, () => grains.GetGrain<ITenantGrain>("default").ListMembersAsync()),
            ("a system call from a client: default's members", null, true, () => grains.GetGrain<ITenantGrain>("default").ListMembersAsync()),
            ("beta/bob: default's members", bob, false, () => grains.GetGrain<ITenantGrain>("default").ListMembersAsync()),
            ("beta/bob: admin's session", bob, false, () => grains.GetGrain<IUserGrain>("default/admin").GetSessionAsync()),
            ("beta/bob: admin's conversation list", bob, false, () => grains.GetGrain<IUserGrain>("default/admin").ListConversationsAsync()),
            ("beta/bob: admin's conversation", bob, false, () => grains.GetGrain<Chat.IConversationGrain>($"default/{conversation}").ReadAsync("bob", 0, 10, null)),
            ("beta/bob: default's tenant memory", bob, false, () => grains.GetGrain<IMemoryGrain>(MemoryScopes.Key("default", MemoryScopes.Tenant)).RecallAsync(new RecallQuery("plans", 5))),
            ("beta/bob: the tenant directory", bob, false, () => grains.GetGrain<ITenantDirectoryGrain>(ITenantDirectoryGrain.Key).ListAsync()),
            ("beta/bob: the GPU pool", bob, false, () => grains.GetGrain<IGpuPoolGrain>("eu").ReconcileAsync()),
            ("default/eve: admin's session", eve, false, () => grains.GetGrain<IUserGrain>("default/admin").GetSessionAsync()),
            ("default/eve: admin's private memory", eve, false, () => grains.GetGrain<IMemoryGrain>(MemoryScopes.Key("default", MemoryScopes.User("admin"))).RecallAsync(new RecallQuery("plans", 5))),
            ("default/eve: reads admin's conversation as admin", eve, false, () => grains.GetGrain<Chat.IConversationGrain>($"default/{conversation}").ReadAsync("admin", 0, 10, null)),
            ("default/eve: posts into admin's conversation as admin", eve, false, () => grains.GetGrain<Chat.IConversationGrain>($"default/{conversation}").PostAsync("admin", "forged", null)),
        };

        var refused = 0;
        foreach (var (what, identity, system, call) in attempts)
        {
            using var forged = identity is null ? system ? CallerContext.EnterSystem() : null : CallerContext.Enter(identity);
            try
            {
                await call();
                output.WriteLine($"NOT refused: {what}");
            }
            catch (UnauthorizedAccessException)
            {
                refused++;
            }
        }

        output.WriteLine($"grain calls with a forged caller: {attempts.Length} attempts, {refused} refused");
        Assert.Equal(attempts.Length, refused);
        using (CallerContext.Enter(new CallerIdentity("default", "admin")))
        {
            // The wall is not a wall against everyone: the right caller gets through.
            Assert.Single(await grains.GetGrain<IUserGrain>("default/admin").ListConversationsAsync());
        }

        using var stranger = ClusterCertificate.Create();
        foreach (var (who, certificate) in new[] { ("no certificate", (X509Certificate2?)null), ("another self-signed certificate", stranger) })
        {
            var connected = await Record.ExceptionAsync(async () => await (await ConnectAsync(cluster, certificate)).DisposeAsync());
            output.WriteLine($"client with {who}: {(connected is null ? "CONNECTED" : $"refused ({connected.GetType().Name})")}");
            Assert.NotNull(connected);
        }
    }

    private static async Task<ClientHost> ConnectAsync(LocalCluster cluster, X509Certificate2? certificate)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(TestServices.Redis))
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ClusterId))
                .Configure<GatewayOptions>(o => o.PreferredGatewayIndex = 0);
            if (certificate is not null)
            {
                client.UseTls(certificate, tls =>
                {
                    tls.AllowAnyRemoteCertificate();
                    tls.OnAuthenticateAsClient = (_, o) => o.TargetHost = "sophia-cluster";
                });
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
            return new ClientHost(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private sealed class ClientHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(TimeSpan.FromSeconds(5));
            host.Dispose();
        }
    }
}
