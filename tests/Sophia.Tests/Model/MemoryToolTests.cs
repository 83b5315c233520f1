using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Memory;
using Sophia.Tests.Memory;

namespace Sophia.Tests.Model;

/// <summary>The agents use layered memory as tools: a fact remembered in one conversation is found, with its source, in another.</summary>
public sealed class MemoryToolTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private OpenAiCompatibleServer _model = null!;
    private SophiaServer _sophia = null!;

    public async Task InitializeAsync()
    {
        _model = await OpenAiCompatibleServer.StartAsync();
        _sophia = await SophiaServer.StartAsync(_data.Path, _model.SophiaSettings());
    }

    public async Task DisposeAsync()
    {
        await _sophia.DisposeAsync();
        await _model.DisposeAsync();
        _data.Dispose();
    }

    private static bool Ends(ChatEvent e) => e.Type is ChatEventTypes.Done or ChatEventTypes.Error;

    private async Task<List<ChatEvent>> AskAsync(HubConnection hub, string text)
    {
        var id = await hub.InvokeAsync<string>("CreateConversation", "Memory");
        await hub.InvokeAsync<long>("SendMessage", id, text);
        return await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the answer");
    }

    [Fact]
    public async Task A_fact_remembered_in_one_conversation_is_found_with_its_source_in_the_next()
    {
        using var asOperator = OperatorClient.Enter();
        var watcher = new ProgressWatcher();
        var memory = _sophia.Grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(GrainKeys.DefaultTenant, MemoryScopes.User("admin")));
        await memory.SubscribeAsync(_sophia.Grains.CreateObjectReference<IMemoryObserver>(watcher));
        await using var hub = await _sophia.ConnectAsync(await _sophia.TokenAsync());

        _model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("remember", """{"fact":"The company's VAT number is DE123456789."}""") });
        _model.Enqueue(new ScriptedReply { Tokens = ["Noted."], TokenDelay = TimeSpan.Zero });
        var told = await AskAsync(hub, "Please remember: our VAT number is DE123456789.");
        var stored = await watcher.WaitFor(p => p.Status.Kind == MemoryKinds.Fact && p.Status.State == IngestionStates.Stored, "the fact to be stored");

        _model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("search_memory", """{"query":"VAT number"}""") });
        _model.Enqueue(new ScriptedReply { Tokens = ["It is DE123456789 [1]."], TokenDelay = TimeSpan.Zero });
        var asked = await AskAsync(hub, "What is our VAT number?");

        Assert.Contains(told, e => e.Step is { Tool: "remember", Status: "done" });
        Assert.Contains(asked, e => e.Step is { Tool: "search_memory", Status: "done" });
        var found = _model.Requests.Last().Messages.Single(m => m.Role == "tool").Content;
        Assert.StartsWith($"[1] {stored.Status.Name}, fact: The company's VAT number is DE123456789.", found);
        Assert.Contains("Cite each passage you use as [n]", found);
        Assert.Contains("cite every passage you use", _model.Requests.Last().Messages[0].Content);
    }
}
