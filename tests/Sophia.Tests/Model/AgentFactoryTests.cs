using System.ClientModel;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Sophia.Tests.Model;

[Collection(ModelCollection.Name)]
public sealed class AgentFactoryTests(ModelFixture fixture)
{
    private SophiaServer Server => fixture.Server;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        var request = Server.Request(method, path, token);
        request.Content = body is null ? null : JsonContent.Create(body);
        return await Server.Http.SendAsync(request);
    }

    [Fact]
    public async Task Agents_are_created_listed_updated_and_deleted_and_bad_definitions_are_refused()
    {
        var token = await Server.TokenAsync();
        var definition = new { instructions = "You review contracts and flag risky clauses.", model = "contract-model", allowedTools = Array.Empty<string>() };

        using var created = await SendAsync(HttpMethod.Put, "/api/agents/contract-reviewer", token, definition);
        using var updated = await SendAsync(HttpMethod.Put, "/api/agents/contract-reviewer", token, definition with { instructions = "You review NDAs." });
        using var read = await SendAsync(HttpMethod.Get, "/api/agents/contract-reviewer", token);
        using var listed = await SendAsync(HttpMethod.Get, "/api/agents", token);
        using var badName = await SendAsync(HttpMethod.Put, "/api/agents/Not%20OK", token, definition);
        using var unknownTool = await SendAsync(HttpMethod.Put, "/api/agents/tool-user", token, definition with { allowedTools = new[] { "send_email" } });
        using var empty = await SendAsync(HttpMethod.Put, "/api/agents/empty", token, new { instructions = " " });
        using var deleted = await SendAsync(HttpMethod.Delete, "/api/agents/contract-reviewer", token);
        using var gone = await SendAsync(HttpMethod.Get, "/api/agents/contract-reviewer", token);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("You review NDAs.", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instructions").GetString());
        Assert.Contains("contract-reviewer", await listed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownTool.StatusCode);
        Assert.Contains("Unknown tool 'send_email'", await unknownTool.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task An_agent_chosen_as_the_model_answers_with_its_instructions_and_model()
    {
        var token = await Server.TokenAsync();
        using var _ = await SendAsync(HttpMethod.Put, "/api/agents/sales-coach", token,
            new { instructions = "You coach sales reps on discovery calls.", model = "coach-model", allowedTools = Array.Empty<string>() });
        fixture.Model.Enqueue(new ScriptedReply { Tokens = ["Ask ", "open ", "questions."], TokenDelay = TimeSpan.Zero });
        var options = Server.OpenAiOptions();

        OpenAIModelCollection models = await new OpenAIModelClient(new ApiKeyCredential(token), options).GetModelsAsync();
        ChatCompletion completion = await new ChatClient("sales-coach", new ApiKeyCredential(token), options).CompleteChatAsync(new UserChatMessage("How do I open a call?"));

        var request = fixture.Model.Requests.Last();
        Assert.Contains(models, m => m.Id == "sales-coach");
        Assert.Equal("Ask open questions.", completion.Content[0].Text);
        Assert.Equal("sales-coach", completion.Model);
        Assert.Equal(("system", "You coach sales reps on discovery calls."), request.Messages[0]);
        Assert.Equal("coach-model", request.Body["model"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_conversation_cannot_be_started_with_an_agent_that_does_not_exist()
    {
        var token = await Server.TokenAsync();

        using var response = await SendAsync(HttpMethod.Post, "/api/conversations", token, new { title = "x", agent = "ghost" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("No agent named 'ghost'", await response.Content.ReadAsStringAsync());
    }
}
