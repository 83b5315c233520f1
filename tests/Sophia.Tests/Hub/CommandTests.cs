using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Hub;

/// <summary>Explicit commands work without a model: the offline server has none configured.</summary>
[Collection(ServerCollection.Name)]
public sealed class CommandTests(ServerFixture fixture)
{
    /// <summary>Sends a first message and waits for its answer, then sends <paramref name="text"/>; returns the events after it.</summary>
    private async Task<List<ChatEvent>> AskAsync(string text)
    {
        await using var hub = await fixture.Server.ConnectAsync(await fixture.Server.TokenAsync());
        var id = await hub.InvokeAsync<string>("CreateConversation", "Commands");
        await hub.InvokeAsync<long>("SendMessage", id, "Remember the blue folder.");
        var first = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type == ChatEventTypes.Done, "the first answer");
        var seq = await hub.InvokeAsync<long>("SendMessage", id, text);
        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, first[^1].Seq), e => e.Type == ChatEventTypes.Done, $"the answer to '{text}'");
        return events.Where(e => e.Seq > seq).ToList();
    }

    [Fact]
    public async Task Tools_command_lists_the_tools()
    {
        var reply = (await AskAsync("/tools")).Single(e => e.Type == ChatEventTypes.Message).Text;

        Assert.Contains("current_time", reply);
        Assert.Contains("search_conversation", reply);
    }

    [Fact]
    public async Task Run_command_runs_a_tool_as_a_watched_step_and_answers_with_its_result()
    {
        var events = await AskAsync("/run search_conversation blue folder");

        var steps = events.Where(e => e.Type == ChatEventTypes.Step).Select(e => (e.Step!.Tool, e.Step.Status)).ToList();
        Assert.Equal([("search_conversation", "running"), ("search_conversation", "done")], steps);
        Assert.Contains("user: Remember the blue folder.", events.Single(e => e.Type == ChatEventTypes.Message).Text);
    }

    [Fact]
    public async Task Run_command_with_an_unknown_tool_says_which_tools_exist()
    {
        var reply = (await AskAsync("/run send_email boss")).Single(e => e.Type == ChatEventTypes.Message).Text;

        Assert.Contains("Unknown tool 'send_email'", reply);
        Assert.Contains("/tools", reply);
    }

    [Fact]
    public async Task Free_text_without_a_model_points_to_the_commands()
    {
        var reply = (await AskAsync("What should I do today?")).Single(e => e.Type == ChatEventTypes.Message).Text;

        Assert.Contains("No chat model is configured", reply);
        Assert.Contains("/run <tool>", reply);
    }
}
