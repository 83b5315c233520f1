using Microsoft.Extensions.AI;
using Sophia.Agents;

namespace Sophia.Tests.Agents;

/// <summary>Without a model Sophia makes nothing up: it passes a tool's result on as it is, and otherwise says how to configure one.</summary>
public sealed class OfflineChatClientTests
{
    private readonly OfflineChatClient _client = new();

    [Fact]
    public async Task Free_text_is_answered_with_how_to_configure_a_model_and_no_model_is_reported()
    {
        var response = await _client.GetResponseAsync([new ChatMessage(ChatRole.User, "What is our churn?")]);

        Assert.Equal(ChatModel.NotConfiguredReply, response.Text);
        Assert.Null(response.ModelId);
        Assert.Null(response.Usage);
    }

    [Fact]
    public async Task A_tools_result_is_the_answer_as_it_is()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.User, "Post it."),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "post_webhook")]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "Posted.")]),
        ];

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _client.GetStreamingResponseAsync(messages))
        {
            updates.Add(update);
        }

        Assert.Equal("Posted.", Assert.Single(updates).Text);
    }
}
