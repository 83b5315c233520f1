using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Sophia.Silo.Hosting;
using Sophia.Storage;
using Sophia.Tenancy;

namespace Sophia.Tests.Tenancy;

/// <summary>
/// Revoking an API key takes two writes (the key grain, then the user's list); whichever fails, the key is never left
/// valid while a retry finds nothing to revoke, and revoking again finishes the job.
/// </summary>
public sealed class ApiKeyRevocationTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly StorageFaults _faults = new();
    private InProcessTestCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Client;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sophia:DataDirectory"] = _data.Path })
            .Build();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureClient(client => client.ActAsOperator());
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSophiaGrainServices(configuration);
            silo.Services.AddKeyedSingleton<IGrainStorage>(SophiaSiloExtensions.StorageName, (sp, _) =>
                new FailingGrainStorage(ActivatorUtilities.CreateInstance<SqliteGrainStorage>(sp), _faults));
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    private async Task<(IUserGrain User, IApiKeyGrain Key, string Secret, string Id)> CreateKeyAsync(string user)
    {
        var owner = Grains.GetGrain<IUserGrain>(GrainKeys.Of(GrainKeys.DefaultTenant, user));
        var created = await owner.CreateApiKeyAsync("ci");
        var (tenant, id, secret) = ApiKeyFormat.Parse(created.Key)!.Value;
        return (owner, Grains.GetGrain<IApiKeyGrain>(GrainKeys.Of(tenant, id)), secret, id);
    }

    [Fact]
    public async Task A_revocation_whose_list_write_failed_already_refuses_the_key_and_a_retry_drops_it()
    {
        var (user, key, secret, id) = await CreateKeyAsync("list-write-fails");
        _faults.FailNextWriteOf("user");

        await Assert.ThrowsAnyAsync<Exception>(() => user.RevokeApiKeyAsync(id));
        var refusedAfterFailure = await key.VerifyAsync(secret);
        var listedAfterFailure = await user.ListApiKeysAsync();
        var retried = await user.RevokeApiKeyAsync(id);

        Assert.Null(refusedAfterFailure);
        Assert.Contains(listedAfterFailure, k => k.Id == id);
        Assert.True(retried);
        Assert.DoesNotContain(await user.ListApiKeysAsync(), k => k.Id == id);
        Assert.Null(await key.VerifyAsync(secret));
    }

    [Fact]
    public async Task A_revocation_whose_key_write_failed_keeps_the_key_listed_so_a_retry_revokes_it()
    {
        var (user, key, secret, id) = await CreateKeyAsync("key-write-fails");
        _faults.FailNextWriteOf("apikey");

        await Assert.ThrowsAnyAsync<Exception>(() => user.RevokeApiKeyAsync(id));
        var listedAfterFailure = await user.ListApiKeysAsync();
        var retried = await user.RevokeApiKeyAsync(id);

        Assert.Contains(listedAfterFailure, k => k.Id == id);
        Assert.True(retried);
        Assert.Null(await key.VerifyAsync(secret));
        Assert.DoesNotContain(await user.ListApiKeysAsync(), k => k.Id == id);
        Assert.False(await user.RevokeApiKeyAsync(id));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _data.Dispose();
    }
}
