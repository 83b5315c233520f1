using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Hub;

/// <summary>Without a model the swarm still runs a plan the user wrote out, and says that planning a goal needs a model.</summary>
public sealed class PlanCommandTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private WebPageServer _web = null!;
    private SophiaServer _sophia = null!;

    public async Task InitializeAsync()
    {
        _web = await WebPageServer.StartAsync(new Dictionary<string, string> { ["handbook"] = "<html><body><p>Expenses are filed by the 5th.</p></body></html>" });
        _sophia = await SophiaServer.StartAsync(_data.Path);
    }

    public async Task DisposeAsync()
    {
        await _sophia.DisposeAsync();
        await _web.DisposeAsync();
        _data.Dispose();
    }

    private async Task<List<ChatEvent>> SendAsync(string text)
    {
        await using var hub = await _sophia.ConnectAsync(await _sophia.TokenAsync());
        var id = await hub.InvokeAsync<string>("CreateConversation", "Offline plan");
        await hub.InvokeAsync<long>("SendMessage", id, text);
        return await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type is ChatEventTypes.Done or ChatEventTypes.Error, "the plan's answer");
    }

    [Fact]
    public async Task A_written_out_plan_runs_its_steps_through_the_agents_without_a_model()
    {
        var events = await SendAsync($"/plan\n1. researcher read_web_page {_web.UrlOf("handbook")}\n2. coder current_time");

        var answer = events.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text;
        Assert.Contains("1. researcher: Expenses are filed by the 5th.", answer);
        Assert.Matches(@"2\. coder: \d{4}-\d{2}-\d{2}T", answer);
        Assert.Equal(["mediator", "researcher", "researcher", "researcher", "researcher", "coder", "coder", "coder", "coder"], events.Where(e => e.Step is not null).Select(e => e.Step!.Agent));
        Assert.Equal(1, _web.Reads["handbook"]);
    }

    [Fact]
    public async Task Planning_a_goal_without_a_model_says_a_model_is_needed_and_how_to_write_the_steps()
    {
        var events = await SendAsync("/plan Compare our three pricing pages");

        var answer = events.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text;
        Assert.Contains("needs a chat model", answer);
        Assert.Contains("<researcher|coder> <tool> <input>", answer);
        Assert.Equal(ChatEventTypes.Done, events[^1].Type);
    }
}
