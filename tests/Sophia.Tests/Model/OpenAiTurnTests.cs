using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sophia.Tests.Model;

/// <summary>/v1/chat/completions answers each request with its own turn: concurrent requests, approvals and slow answers.</summary>
public sealed class OpenAiTurnTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private OpenAiCompatibleServer _model = null!;
    private WebhookReceiver _webhook = null!;
    private SophiaServer _sophia = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        _model = await OpenAiCompatibleServer.StartAsync();
        _webhook = await WebhookReceiver.StartAsync();
        _sophia = await SophiaServer.StartAsync(_data.Path, _model.SophiaSettings(("Sophia:Tools:WebhookUrl", _webhook.Url), ("Sophia:OpenAi:TimeoutSeconds", "3")));
        _token = await _sophia.TokenAsync();
    }

    public async Task DisposeAsync()
    {
        await _sophia.DisposeAsync();
        await _webhook.DisposeAsync();
        await _model.DisposeAsync();
        _data.Dispose();
    }

    private async Task<HttpResponseMessage> CompleteAsync(string text, string? conversation = null)
    {
        var request = _sophia.Request(HttpMethod.Post, "/v1/chat/completions", _token);
        request.Content = JsonContent.Create(new { model = "sophia", messages = new[] { new { role = "user", content = text } } });
        if (conversation is not null)
        {
            request.Headers.Add("X-Sophia-Conversation", conversation);
        }

        return await _sophia.Http.SendAsync(request);
    }

    private static async Task<string> ContentOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    [Fact]
    public async Task Two_concurrent_requests_on_one_conversation_each_get_their_own_answer()
    {
        _model.Responder = request => new ScriptedReply
        {
            Tokens = [$"Answer to {request.Messages[^1].Content}", "."],
            TokenDelay = TimeSpan.FromMilliseconds(300),
        };
        using var first = await CompleteAsync("hello");
        var conversation = first.Headers.GetValues("X-Sophia-Conversation").Single();

        var alpha = CompleteAsync("alpha", conversation);
        var beta = CompleteAsync("beta", conversation);
        using var alphaResponse = await alpha;
        using var betaResponse = await beta;

        Assert.Equal("Answer to alpha.", await ContentOf(alphaResponse));
        Assert.Equal("Answer to beta.", await ContentOf(betaResponse));
    }

    [Fact]
    public async Task A_turn_that_waits_for_an_approval_answers_where_to_decide_and_runs_nothing()
    {
        _model.Enqueue(new ScriptedReply { Tokens = [], ToolCall = ("post_webhook", """{"message":"Deploy done"}""") });

        using var response = await CompleteAsync("Tell the team the deploy is done.");
        var content = await ContentOf(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("waiting for an approval", content);
        Assert.Matches($"/api/conversations/{response.Headers.GetValues("X-Sophia-Conversation").Single()}/approvals/[A-Za-z0-9_-]+", content);
        Assert.Empty(_webhook.Posts);
    }

    [Fact]
    public async Task An_answer_slower_than_the_timeout_answers_504_saying_where_the_turn_goes_on()
    {
        _model.Enqueue(new ScriptedReply { Tokens = ["Slow ", "answer."], TokenDelay = TimeSpan.FromSeconds(4) });

        using var response = await CompleteAsync("Take your time.");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Contains("Sophia:OpenAi:TimeoutSeconds", error);
        Assert.Contains("/messages", error);
    }
}
