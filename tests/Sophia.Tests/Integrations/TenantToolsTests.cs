using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Integrations;
using Sophia.Tests.Auth;
using Sophia.Tests.Model;

namespace Sophia.Tests.Integrations;

/// <summary>Silos keep a copy of each tenant's integration tools; a change reaches the next turn all the same.</summary>
[Collection(ModelCollection.Name)]
public sealed class TenantToolsTests(ModelFixture fixture)
{
    private const string Tenant = "tools-acme";
    private const string Schema = """{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}""";

    private static readonly IntegrationToolSpec Lookup = new("acme_lookup", IntegrationNames.WebSearch, "Looks up Acme's records.", Schema, Risky: false);

    private IIntegrationRegistryGrain Registry => fixture.Server.Grains.GetGrain<IIntegrationRegistryGrain>(Tenant);

    [Fact]
    public async Task Tools_an_integration_adds_or_removes_are_offered_from_the_next_turn_even_after_the_registry_moved()
    {
        const string Password = "acme-owner-password";
        Assert.Equal(201, (await Api.PostAsync(fixture.Server.Http, "/api/tenants", await fixture.Server.TokenAsync(), new { tenant = Tenant, owner = new { username = "wile", password = Password } })).Status);
        await using var hub = await fixture.Server.ConnectAsync(await Api.TokenAsync(fixture.Server.Http, "wile", Password, Tenant));
        var id = await hub.InvokeAsync<string>("CreateConversation", "tools");

        var before = await OfferedAsync(hub, id);
        using (OperatorClient.Enter())
        {
            await Registry.SetAsync(IntegrationNames.WebSearch, [Lookup]);
        }

        var added = await OfferedAsync(hub, id);
        using (OperatorClient.Enter())
        {
            // The registry's activation ends, and the change below is made by a new one that never handed out this copy.
            await fixture.Server.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }

        var afterMove = await OfferedAsync(hub, id);
        using (OperatorClient.Enter())
        {
            await Registry.RemoveAsync(IntegrationNames.WebSearch);
        }

        var removed = await OfferedAsync(hub, id);

        Assert.DoesNotContain(Lookup.Name, before);
        Assert.Contains(Lookup.Name, added);
        Assert.Contains(Lookup.Name, afterMove);
        Assert.DoesNotContain(Lookup.Name, removed);
        Assert.Contains("search_conversation", removed);
    }

    private async Task<List<string>> OfferedAsync(HubConnection hub, string id)
    {
        fixture.Model.Enqueue(new ScriptedReply { Tokens = ["Done."], TokenDelay = TimeSpan.Zero });
        var seq = await hub.InvokeAsync<long>("SendMessage", id, "Look it up.");
        await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, seq), e => e.Type is ChatEventTypes.Done or ChatEventTypes.Error, "the answer");
        return fixture.Model.Requests.Last().Body["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList();
    }
}
