namespace Sophia.Tests.Cluster;

/// <summary>
/// How the local model answers many conversations at once: slowly, one word every 400 ms, and with a post_webhook
/// call when asked to post (then a short confirmation once the call's result comes back).
/// </summary>
public static class ChaosModel
{
    public const string PostPrefix = "post status";

    public static readonly TimeSpan WordDelay = TimeSpan.FromMilliseconds(400);

    public static ScriptedReply Reply(RecordedRequest request)
    {
        var (role, content) = request.Messages[^1];
        if (role == "tool")
        {
            return new ScriptedReply { Tokens = ["Posted."], TokenDelay = WordDelay };
        }

        return content.StartsWith(PostPrefix, StringComparison.Ordinal)
            ? new ScriptedReply { Tokens = [], ToolCall = ("post_webhook", $$"""{"message":"{{content}}"}""") }
            : new ScriptedReply { Tokens = ["This ", "answer ", "arrives ", "one ", "word ", "at ", "a ", "time."], TokenDelay = WordDelay };
    }
}
