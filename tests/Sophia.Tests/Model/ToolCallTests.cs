using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Model;

[Collection(ModelCollection.Name)]
public sealed class ToolCallTests(ModelFixture fixture)
{
    private static bool Ends(ChatEvent e) => e.Type is ChatEventTypes.Done or ChatEventTypes.Error;

    [Fact]
    public async Task The_model_calls_a_tool_the_user_watches_the_step_and_the_answer_uses_its_result()
    {
        fixture.Model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("search_conversation", """{"query":"launch date"}""") });
        var answer = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["You said ", "March 3."], TokenDelay = TimeSpan.Zero });
        await using var hub = await fixture.Server.ConnectAsync(await fixture.Server.TokenAsync());
        var id = await hub.InvokeAsync<string>("CreateConversation", "Tools");
        var seq = await hub.InvokeAsync<long>("SendMessage", id, "The launch date is March 3. What was the launch date?");

        var events = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the answer after the tool call");

        var steps = events.Where(e => e.Type == ChatEventTypes.Step).Select(e => e.Step!).ToList();
        Assert.Equal([("search_conversation", "running"), ("search_conversation", "done")], steps.Select(s => (s.Tool, s.Status)));
        Assert.All(steps, s => Assert.Equal("mediator", s.Agent));
        Assert.Equal(ChatEventTypes.Done, events[^1].Type);
        Assert.Equal(answer.Text, events.Single(e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant }).Text);
        var toolResult = fixture.Model.Requests.Last().Messages.Single(m => m.Role == "tool");
        Assert.Contains($"#{seq} user: The launch date is March 3.", toolResult.Content);
    }

    [Fact]
    public async Task An_agent_only_gets_the_tools_it_is_allowed()
    {
        var token = await fixture.Server.TokenAsync();
        var define = fixture.Server.Request(HttpMethod.Put, "/api/agents/clock-only", token);
        define.Content = JsonContent.Create(new { instructions = "You tell the time.", allowedTools = new[] { "current_time" } });
        using (await fixture.Server.Http.SendAsync(define))
        {
        }

        fixture.Model.Enqueue(new ScriptedReply { Tokens = ["Noon."], TokenDelay = TimeSpan.Zero });
        var create = fixture.Server.Request(HttpMethod.Post, "/api/conversations", token);
        create.Content = JsonContent.Create(new { title = "clock", agent = "clock-only" });
        using var created = await fixture.Server.Http.SendAsync(create);
        var id = (await created.Content.ReadFromJsonAsync<ConversationSummary>(System.Text.Json.JsonSerializerOptions.Web))!.Id;
        await using var hub = await fixture.Server.ConnectAsync(token);
        await hub.InvokeAsync<long>("SendMessage", id, "What time is it?");
        await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the answer");

        var offered = fixture.Model.Requests.Last().Body["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>());
        Assert.Equal(["current_time"], offered);
        var parameters = fixture.Model.Requests.Last().Body["tools"]![0]!["function"]!["parameters"]!.AsObject();
        Assert.Equal(["type", "required", "properties", "additionalProperties"], parameters.Select(p => p.Key));
    }
}
