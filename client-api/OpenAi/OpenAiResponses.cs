namespace Sophia.ClientApi.OpenAi;

/// <summary>Response bodies in OpenAI's chat completions shapes.</summary>
public static class OpenAiResponses
{
    public const string BuiltInModel = "sophia";

    public static object Models(DateTimeOffset created, IEnumerable<string> agents) => new
    {
        @object = "list",
        data = agents.Prepend(BuiltInModel).Select(id => new { id, @object = "model", created = created.ToUnixTimeSeconds(), owned_by = "sophia" }),
    };

    public static object Completion(string id, string model, DateTimeOffset created, string text) => new
    {
        id,
        @object = "chat.completion",
        created = created.ToUnixTimeSeconds(),
        model,
        choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
    };

    public static object Chunk(string id, string model, DateTimeOffset created, object delta, string? finishReason) => new
    {
        id,
        @object = "chat.completion.chunk",
        created = created.ToUnixTimeSeconds(),
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    };

    public static object Error(string message, string type, string? code = null) => new { error = new { message, type, code } };
}
