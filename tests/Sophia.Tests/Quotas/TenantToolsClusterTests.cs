using Sophia.Agents;
using Sophia.Integrations;

namespace Sophia.Tests.Quotas;

/// <summary>Each silo keeps its own copy of a tenant's integration tools; a change made through the registry reaches both.</summary>
[Collection(QuotaClusterCollection.Name)]
public sealed class TenantToolsClusterTests(QuotaClusterFixture fixture)
{
    private const string Schema = """{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}""";

    private static readonly IntegrationToolSpec Lookup = new("acme_lookup", IntegrationNames.WebSearch, "Looks up Acme's records.", Schema, Risky: false);

    [Fact]
    public async Task A_tool_added_or_removed_is_offered_or_not_from_the_next_turn_on_either_silo()
    {
        var (tenant, ann, _) = await fixture.TenantWithUsersOnTwoSilosAsync("tools-two-silos");
        var registry = fixture.Grains.GetGrain<IIntegrationRegistryGrain>(tenant);

        var before = await OfferedOnEachSiloAsync(tenant, ann);
        await registry.SetAsync(IntegrationNames.WebSearch, [Lookup]);
        var added = await OfferedOnEachSiloAsync(tenant, ann);
        await registry.RemoveAsync(IntegrationNames.WebSearch);
        var removed = await OfferedOnEachSiloAsync(tenant, ann);

        Assert.All([before, added, removed], turns => Assert.Equal(2, turns.Keys.Count));
        Assert.DoesNotContain(true, before.Values.SelectMany(v => v));
        Assert.DoesNotContain(false, added.Values.SelectMany(v => v));
        Assert.DoesNotContain(true, removed.Values.SelectMany(v => v));
    }

    /// <summary>Turns in new conversations until the mediators of both silos answered; per silo, whether each turn offered the tool.</summary>
    private async Task<Dictionary<SiloAddress, List<bool>>> OfferedOnEachSiloAsync(string tenant, string user)
    {
        var offered = new Dictionary<SiloAddress, List<bool>>();
        for (var turn = 0; turn < 40 && offered.Count < 2; turn++)
        {
            var (end, conversation) = await fixture.TurnInNewConversationAsync(tenant, user, "Look it up.");
            Assert.Equal(ChatEventTypes.Done, end.Type);
            var tools = fixture.Model.Requests.Last().Body["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>());
            var mediator = fixture.Grains.GetGrain<IMediatorAgentGrain>(conversation).GetGrainId();
            var statistics = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            var silo = statistics.First(s => s.GrainId == mediator).SiloAddress;
            (offered.TryGetValue(silo, out var list) ? list : offered[silo] = []).Add(tools.Contains(Lookup.Name));
        }

        return offered;
    }
}
