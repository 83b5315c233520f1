using System.Net;
using Microsoft.AspNetCore.SignalR.Client;

namespace Sophia.Tests.Restart;

public sealed class RestartTests
{
    private static bool Ends(ChatEvent e) => e.Type is ChatEventTypes.Done or ChatEventTypes.Error;

    [Fact]
    public async Task History_conversations_and_tokens_survive_a_restart_on_the_same_data_folder()
    {
        using var data = new TempFolder();
        string token, id;
        List<ChatEvent> before;
        await using (var first = await SophiaServer.StartAsync(data.Path))
        {
            token = await first.TokenAsync();
            await using var hub = await first.ConnectAsync(token);
            id = await hub.InvokeAsync<string>("CreateConversation", "Survives");
            await hub.InvokeAsync<long>("SendMessage", id, "Remember me.");
            before = await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the answer before the restart");
        }

        await using var second = await SophiaServer.StartAsync(data.Path);
        using var list = await second.Http.SendAsync(second.Request(HttpMethod.Get, "/api/conversations", token));
        var history = await second.MessagesAsync(token, id);
        await using var hubAgain = await second.ConnectAsync(token);
        var next = await hubAgain.InvokeAsync<long>("SendMessage", id, "Still there?");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(id, await list.Content.ReadAsStringAsync());
        Assert.Equal(before.Where(e => e.Type == ChatEventTypes.Message).Select(e => (e.Seq, e.Role, e.Text)), history.Select(e => (e.Seq, e.Role, e.Text)));
        Assert.Equal(before[^1].Seq + 1, next);
    }

    [Fact]
    public async Task An_answer_cut_off_by_a_restart_is_answered_again_after_the_restart()
    {
        using var data = new TempFolder();
        await using var model = await OpenAiCompatibleServer.StartAsync();
        var reply = model.Enqueue(new ScriptedReply { Tokens = ["Half ", "an ", "answer"], PauseAfterTokens = 1 });
        string token, id;
        await using (var first = await SophiaServer.StartAsync(data.Path, model.SophiaSettings()))
        {
            token = await first.TokenAsync();
            await using var hub = await first.ConnectAsync(token);
            id = await hub.InvokeAsync<string>("CreateConversation", "Cut off");
            await hub.InvokeAsync<long>("SendMessage", id, "Tell me everything.");
            await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", id, 0L), e => e.Type == ChatEventTypes.Delta, "the first delta");
            await Within.Wait(reply.Paused.Task.ContinueWith(_ => 0), "the model to pause");
        }

        var resumed = model.Enqueue(new ScriptedReply { Tokens = ["The whole ", "answer."], TokenDelay = TimeSpan.Zero });
        await using var second = await SophiaServer.StartAsync(data.Path, model.SophiaSettings());
        await using var again = await second.ConnectAsync(token);
        var events = await Within.CollectUntil(again.StreamAsync<ChatEvent>("Watch", id, 0L), Ends, "the answer after the restart");

        var kinds = events.Where(e => e.Type != ChatEventTypes.Delta || e.Seq == 2).Select(e => (e.Type, e.Step?.Action)).ToList();
        Assert.Equal([("message", null), ("delta", null), ("step", "resume"), ("message", null), ("done", null)], kinds);
        Assert.Equal(resumed.Text, events[^2].Text);
        Assert.Equal(("user", "Tell me everything."), model.Requests.Last().Messages[^1]);
    }
}
