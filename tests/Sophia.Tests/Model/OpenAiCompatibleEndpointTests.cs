using System.ClientModel;
using System.Text;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Sophia.Tests.Model;

/// <summary>Sophia's /v1 endpoints driven by the official OpenAI .NET client, as an existing OpenAI app would.</summary>
[Collection(ModelCollection.Name)]
public sealed class OpenAiCompatibleEndpointTests(ModelFixture fixture)
{
    private OpenAIClientOptions Options() => fixture.Server.OpenAiOptions();

    private async Task<ChatClient> SophiaChatAsync(string model = "sophia") =>
        new(model, new ApiKeyCredential(await fixture.Server.TokenAsync()), Options());

    [Fact]
    public async Task Plain_completion_answers_with_the_whole_message_and_uses_the_requests_history()
    {
        var reply = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["Your ", "colour ", "is ", "blue."], TokenDelay = TimeSpan.Zero });
        var chat = await SophiaChatAsync();

        ChatCompletion completion = await chat.CompleteChatAsync(
            new SystemChatMessage("Be brief."),
            new UserChatMessage("My colour is blue."),
            new AssistantChatMessage("Noted."),
            new UserChatMessage("What is my colour?"));

        Assert.Equal(reply.Text, completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        var sent = fixture.Model.Requests.Last().Messages.Skip(1).ToList();
        Assert.Equal([("user", "My colour is blue."), ("assistant", "Noted."), ("user", "What is my colour?")], sent);
    }

    [Fact]
    public async Task Streaming_completion_yields_the_answer_piece_by_piece()
    {
        var reply = fixture.Model.Enqueue(new ScriptedReply { Tokens = ["Streaming ", "works ", "too."] });
        var chat = await SophiaChatAsync();

        var text = new StringBuilder();
        var pieces = 0;
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(new UserChatMessage("Stream please.")))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
                pieces++;
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(reply.Text, text.ToString());
        Assert.True(pieces >= 2, $"expected the answer in several pieces, got {pieces}");
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task Models_lists_sophia_and_an_unknown_model_is_refused()
    {
        var models = new OpenAIModelClient(new ApiKeyCredential(await fixture.Server.TokenAsync()), Options());
        var chat = await SophiaChatAsync("gpt-imaginary");

        OpenAIModelCollection list = await models.GetModelsAsync();
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync(new UserChatMessage("hi")));

        Assert.Contains(list, m => m.Id == "sophia");
        Assert.Equal(404, refused.Status);
        Assert.Contains("GET /v1/models", refused.Message);
    }

    [Fact]
    public async Task A_client_that_sends_the_conversation_header_back_continues_that_conversation()
    {
        fixture.Model.Enqueue(new ScriptedReply { Tokens = ["First."], TokenDelay = TimeSpan.Zero });
        fixture.Model.Enqueue(new ScriptedReply { Tokens = ["Second."], TokenDelay = TimeSpan.Zero });
        var token = await fixture.Server.TokenAsync();

        async Task<HttpResponseMessage> CompleteAsync(string text, string? conversation)
        {
            var request = fixture.Server.Request(HttpMethod.Post, "/v1/chat/completions", token);
            request.Content = System.Net.Http.Json.JsonContent.Create(new { model = "sophia", messages = new[] { new { role = "user", content = text } } });
            if (conversation is not null)
            {
                request.Headers.Add("X-Sophia-Conversation", conversation);
            }

            return await fixture.Server.Http.SendAsync(request);
        }

        using var first = await CompleteAsync("Remember: 42.", null);
        var conversationId = first.Headers.GetValues("X-Sophia-Conversation").Single();
        using var second = await CompleteAsync("What should you remember?", conversationId);

        Assert.True(second.IsSuccessStatusCode, await second.Content.ReadAsStringAsync());
        var sent = fixture.Model.Requests.Last().Messages.Skip(1).ToList();
        Assert.Equal([("user", "Remember: 42."), ("assistant", "First."), ("user", "What should you remember?")], sent);
        Assert.Equal(4, (await fixture.Server.MessagesAsync(token, conversationId)).Count);
    }

    [Fact]
    public async Task A_request_without_a_valid_token_is_refused()
    {
        var chat = new ChatClient("sophia", new ApiKeyCredential("sk-not-a-sophia-token"), Options());

        var refused = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync(new UserChatMessage("hi")));

        Assert.Equal(401, refused.Status);
    }
}
