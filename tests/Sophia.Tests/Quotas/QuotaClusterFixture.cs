using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime;
using Orleans.TestingHost;
using Sophia.Silo.Hosting;
using Sophia.Tenancy;

namespace Sophia.Tests.Quotas;

/// <summary>Two in-process silos on one clock that tests move on, answering with the local OpenAI-compatible model server.</summary>
public sealed class QuotaClusterFixture : IAsyncLifetime
{
    /// <summary>What one model call costs with the scripted two-token answer: the server's prompt tokens plus two.</summary>
    public const long TokensPerTurn = OpenAiCompatibleServer.PromptTokens + 2;

    private readonly TempFolder _data = new();

    // Starts at the real time: silos that start on a moved clock fail to see each other join; moving it later is fine.
    public ShiftedClock Time { get; } = new(TimeProvider.System.GetUtcNow());

    public OpenAiCompatibleServer Model { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Model = await OpenAiCompatibleServer.StartAsync();
        Model.Responder = _ => new ScriptedReply { Tokens = ["Fine", "."], TokenDelay = TimeSpan.Zero };
        var settings = Model.SophiaSettings(("Sophia:DataDirectory", _data.Path), ("Sophia:Memory:ChunkTokens", "64"), ("Sophia:Memory:ChunkOverlapTokens", "12"))
            .ToDictionary(s => s.Key, s => (string?)s.Value);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureClient(client => client.ActAsOperator());
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Time);
            // Placement as in the cluster profile: a tenant's grains spread over its live silos.
            silo.UseSiloMetadata().AddHomeRegionPlacement(configuration);
            silo.AddSophiaGrainServices(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>A new tenant with owner <c>boss</c> and members, of whom the first two have their user grains on different silos.</summary>
    public async Task<(string Tenant, string Ann, string Bob)> TenantWithUsersOnTwoSilosAsync(string tenant)
    {
        var tenantGrain = Grains.GetGrain<ITenantGrain>(tenant);
        Assert.True((await tenantGrain.CreateAsync("boss", PasswordHasher.Hash("boss-password"))).Succeeded);
        var names = Enumerable.Range(1, 8).Select(i => $"user{i}").ToList();
        var hash = PasswordHasher.Hash("a-password");
        foreach (var name in names)
        {
            Assert.True((await tenantGrain.AddMemberAsync("boss", new NewMember(name, null, Roles.Member, hash))).Succeeded);
        }

        var statistics = await Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var siloOf = statistics.GroupBy(s => s.GrainId).ToDictionary(g => g.Key, g => g.First().SiloAddress);
        var placed = names.Select(n => (Name: n, Silo: siloOf[Grains.GetGrain<IUserGrain>(GrainKeys.Of(tenant, n)).GetGrainId()])).ToList();
        var ann = placed[0];
        var bob = placed.FirstOrDefault(p => p.Silo != ann.Silo);
        Assert.True(bob.Name is not null, "all eight users landed on one silo");
        return (tenant, ann.Name, bob.Name!);
    }

    public async Task SetTenantQuotaAsync(string tenant, string name, long? value) =>
        Assert.True((await Grains.GetGrain<ITenantGrain>(tenant).SetQuotaAsync("boss", new Dictionary<string, long?> { [name] = value })).Succeeded);

    /// <summary>Posts a message in a new conversation of the user and returns the event that ends its turn (done or error).</summary>
    public async Task<ChatEvent> TurnAsync(string tenant, string user, string text) => (await TurnInNewConversationAsync(tenant, user, text)).End;

    /// <summary>As <see cref="TurnAsync"/>, with the key of the conversation it made.</summary>
    public async Task<(ChatEvent End, string ConversationKey)> TurnInNewConversationAsync(string tenant, string user, string text)
    {
        var summary = await Grains.GetGrain<IUserGrain>(GrainKeys.Of(tenant, user)).CreateConversationAsync("quota");
        var conversation = Grains.GetGrain<IConversationGrain>(GrainKeys.Of(tenant, summary.Id));
        var watcher = new TurnEnds();
        var reference = Grains.CreateObjectReference<IChatObserver>(watcher);
        await conversation.SubscribeAsync(user, reference);
        try
        {
            var seq = await conversation.PostAsync(user, text, requestId: null);
            return (await Within.Wait(watcher.EndOf(seq), $"the end of {user}'s turn '{text}'"), conversation.GetPrimaryKeyString());
        }
        finally
        {
            await conversation.UnsubscribeAsync(reference);
            Grains.DeleteObjectReference<IChatObserver>(reference);
        }
    }

    /// <summary>Moves the clock to just after the start of the next UTC day.</summary>
    public void AdvanceToNextDay()
    {
        var now = Time.GetUtcNow();
        Time.SetUtcNow(new DateTimeOffset(now.Year, now.Month, now.Day, 0, 1, 0, TimeSpan.Zero).AddDays(1));
    }

    /// <summary>Moves the clock to just after the start of the next UTC month.</summary>
    public void AdvanceToNextMonth()
    {
        var now = Time.GetUtcNow();
        Time.SetUtcNow(new DateTimeOffset(now.Year, now.Month, 1, 0, 1, 0, TimeSpan.Zero).AddMonths(1));
    }

    public DateTimeOffset NextDay => new DateTimeOffset(Time.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(1);

    public DateTimeOffset NextMonth => new DateTimeOffset(Time.GetUtcNow().Year, Time.GetUtcNow().Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Model.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>Hears a conversation's events and tells when a turn ended.</summary>
    private sealed class TurnEnds : IChatObserver
    {
        private readonly ConcurrentDictionary<long, TaskCompletionSource<ChatEvent>> _ends = new();

        public Task OnEventsAsync(IReadOnlyList<ChatEvent> events)
        {
            foreach (var end in events.Where(e => e.Type is ChatEventTypes.Done or ChatEventTypes.Error))
            {
                Of(end.Turn).TrySetResult(end);
            }

            return Task.CompletedTask;
        }

        public Task<ChatEvent> EndOf(long turn) => Of(turn).Task;

        private TaskCompletionSource<ChatEvent> Of(long turn) => _ends.GetOrAdd(turn, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}

[CollectionDefinition(Name)]
public sealed class QuotaClusterCollection : ICollectionFixture<QuotaClusterFixture>
{
    public const string Name = "quota-cluster";
}
