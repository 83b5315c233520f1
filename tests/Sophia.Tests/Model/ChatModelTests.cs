using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Sophia.Tests.Model;

public sealed class ChatModelTests : IAsyncLifetime
{
    private OpenAiCompatibleServer _server = null!;

    public async Task InitializeAsync() => _server = await OpenAiCompatibleServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ChatModelHost Configured(string? apiKey = null) =>
        new(_server.Endpoint, OpenAiCompatibleServer.Model, apiKey ?? OpenAiCompatibleServer.ApiKey, ("Sophia:Llm:RetryDelayMilliseconds", "20"));

    [Fact]
    public async Task Plain_completion_returns_the_whole_answer()
    {
        _server.Enqueue(new ScriptedReply { Tokens = ["Forty", "-two."] });
        using var model = Configured();

        var response = await model.Model.Client!.GetResponseAsync("What is six times seven?");

        Assert.Equal("Forty-two.", response.Text);
        Assert.False(_server.Requests.Single().Stream);
    }

    [Fact]
    public async Task Streaming_completion_yields_the_tokens_in_order()
    {
        _server.Enqueue(new ScriptedReply { Tokens = ["a", "b", "c"], TokenDelay = TimeSpan.Zero });
        using var model = Configured();

        var tokens = new List<string>();
        await foreach (var update in model.Model.Client!.GetStreamingResponseAsync("Say abc."))
        {
            if (update.Text.Length > 0)
            {
                tokens.Add(update.Text);
            }
        }

        Assert.Equal(["a", "b", "c"], tokens);
        Assert.True(_server.Requests.Single().Stream);
    }

    [Fact]
    public async Task A_429_then_200_is_retried_and_answers()
    {
        _server.Enqueue(new ScriptedReply { Tokens = [], Status = 429 });
        _server.Enqueue(new ScriptedReply { Tokens = [], Status = 503 });
        _server.Enqueue(new ScriptedReply { Tokens = ["Back."] });
        using var model = Configured();

        var response = await model.Model.Client!.GetResponseAsync("Are you there?");

        Assert.Equal("Back.", response.Text);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task A_model_that_stays_down_is_tried_a_bounded_number_of_times_then_fails()
    {
        for (var i = 0; i < 10; i++)
        {
            _server.Enqueue(new ScriptedReply { Tokens = [], Status = 503 });
        }

        using var model = Configured();

        await Assert.ThrowsAnyAsync<Exception>(() => model.Model.Client!.GetResponseAsync("Anyone?"));

        Assert.Equal(4, _server.Requests.Count);
    }

    [Fact]
    public async Task Probe_reports_a_rejected_key_and_an_unreachable_endpoint_as_down()
    {
        using var wrongKey = Configured(apiKey: "sk-wrong");
        using var unreachable = new ChatModelHost($"http://127.0.0.1:{FreePort.Next()}/v1", "m", "k");
        using var right = Configured();

        var (keyUp, keyDetail) = await wrongKey.Model.ProbeAsync(CancellationToken.None);
        var (reachUp, reachDetail) = await unreachable.Model.ProbeAsync(CancellationToken.None);
        var (rightUp, _) = await right.Model.ProbeAsync(CancellationToken.None);

        Assert.False(keyUp);
        Assert.Contains("401", keyDetail);
        Assert.False(reachUp);
        Assert.Contains("unreachable", reachDetail);
        Assert.True(rightUp);
        Assert.DoesNotContain(OpenAiCompatibleServer.ApiKey, keyDetail + reachDetail);
    }

    [Fact]
    public async Task Readiness_is_503_while_the_configured_model_endpoint_is_down()
    {
        using var data = new TempFolder();
        await using var sophia = await SophiaServer.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Sophia:Llm:Endpoint"] = $"http://127.0.0.1:{FreePort.Next()}/v1",
            ["Sophia:Llm:Model"] = "m",
            ["Sophia:Llm:ApiKey"] = "k",
        });

        using var ready = await sophia.ReadinessAsync();
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("down", checks.GetProperty("chat-model").GetProperty("status").GetString());
        Assert.Equal("up", checks.GetProperty("sqlite").GetProperty("status").GetString());
    }
}
