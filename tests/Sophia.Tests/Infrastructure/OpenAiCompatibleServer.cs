using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Infrastructure;

/// <summary>What the local model server answers to the next chat completion request.</summary>
public sealed class ScriptedReply
{
    public required string[] Tokens { get; init; }

    /// <summary>A non-200 status answers with an OpenAI-style error body instead of tokens.</summary>
    public int Status { get; init; } = 200;

    public TimeSpan TokenDelay { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>When set, the stream stops after this many tokens until <see cref="Release"/> completes.</summary>
    public int? PauseAfterTokens { get; init; }

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the reply is a call of this tool with these JSON arguments instead of text.</summary>
    public (string Name, string Arguments)? ToolCall { get; init; }

    public TaskCompletionSource Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Text => string.Concat(Tokens);
}

/// <summary>A chat completion request as the server received it.</summary>
public sealed record RecordedRequest(JsonNode Body, IReadOnlyDictionary<string, string> Headers)
{
    public bool Stream => Body["stream"]?.GetValue<bool>() ?? false;

    public IReadOnlyList<(string Role, string Content)> Messages =>
        Body["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), ContentOf(m))).ToList();

    private static string ContentOf(JsonNode? message) => message!["content"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())),
        _ => "",
    };
}

/// <summary>
/// A local server that follows OpenAI's chat completions API (plain JSON and <c>stream: true</c> server-sent events,
/// <c>GET /v1/models</c>, bearer key check), answering from scripted replies.
/// </summary>
public sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    public const string ApiKey = "sk-local-test-key";
    public const string Model = "local-test-model";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _replies = new();
    private readonly ConcurrentBag<ScriptedReply> _all = [];

    private OpenAiCompatibleServer(WebApplication app, string baseUrl)
    {
        _app = app;
        Endpoint = $"{baseUrl}/v1";
    }

    public string Endpoint { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers a request when no scripted reply is queued, from what the request asks (for many conversations at once).</summary>
    public Func<RecordedRequest, ScriptedReply>? Responder { get; set; }

    public IReadOnlyDictionary<string, string> SophiaSettings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Sophia:Llm:Endpoint"] = Endpoint,
            ["Sophia:Llm:Model"] = Model,
            ["Sophia:Llm:ApiKey"] = ApiKey,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    public ScriptedReply Enqueue(ScriptedReply reply)
    {
        _replies.Enqueue(reply);
        _all.Add(reply);
        return reply;
    }

    public static async Task<OpenAiCompatibleServer> StartAsync()
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new OpenAiCompatibleServer(app, baseUrl);
        app.MapGet("/v1/models", (HttpContext context) => Authorized(context)
            ? Results.Json(new { @object = "list", data = new[] { new { id = Model, @object = "model", created = 0, owned_by = "local" } } })
            : Unauthorized());
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync();
        return server;
    }

    private async Task CompleteAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            await Unauthorized().ExecuteAsync(context);
            return;
        }

        var body = (await JsonNode.ParseAsync(context.Request.Body))!;
        var recorded = new RecordedRequest(body, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
        Requests.Enqueue(recorded);
        if (!_replies.TryDequeue(out var reply))
        {
            reply = Responder?.Invoke(recorded) ?? new ScriptedReply { Tokens = [], Status = 400 };
        }

        if (reply.Status != 200)
        {
            await Results.Json(new { error = new { message = $"scripted failure {reply.Status}", type = "invalid_request_error", code = "scripted" } }, statusCode: reply.Status).ExecuteAsync(context);
            return;
        }

        var model = body["model"]?.GetValue<string>() ?? Model;
        if (body["stream"]?.GetValue<bool>() != true)
        {
            await Results.Json(new
            {
                id = "chatcmpl-local",
                @object = "chat.completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Text }, finish_reason = "stop" } },
                usage = Usage(reply),
            }).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        if (reply.ToolCall is var (tool, arguments))
        {
            var call = new { index = 0, id = $"call_{Requests.Count}", type = "function", function = new { name = tool, arguments } };
            await WriteChunkAsync(context, model, new { role = "assistant", tool_calls = new[] { call } }, finishReason: null);
            await WriteChunkAsync(context, model, new { }, finishReason: "tool_calls");
            await context.Response.WriteAsync("data: [DONE]\n\n");
            return;
        }

        for (var i = 0; i < reply.Tokens.Length; i++)
        {
            if (i == reply.PauseAfterTokens)
            {
                reply.Paused.TrySetResult();
                await reply.Release.Task;
            }

            await WriteChunkAsync(context, model, new { role = "assistant", content = reply.Tokens[i] }, finishReason: null);
            await Task.Delay(reply.TokenDelay);
        }

        await WriteChunkAsync(context, model, new { }, finishReason: "stop");
        if (body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            var usage = new { id = "chatcmpl-local", @object = "chat.completion.chunk", created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), model, choices = Array.Empty<object>(), usage = Usage(reply) };
            await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(usage)}\n\n");
        }

        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task WriteChunkAsync(HttpContext context, string model, object delta, string? finishReason)
    {
        var chunk = new
        {
            id = "chatcmpl-local",
            @object = "chat.completion.chunk",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            model,
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        };
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n");
        await context.Response.Body.FlushAsync();
    }

    /// <summary>What this server bills: 10 tokens for any prompt, one per scripted token of the answer.</summary>
    public const int PromptTokens = 10;

    private static object Usage(ScriptedReply reply) =>
        new { prompt_tokens = PromptTokens, completion_tokens = reply.Tokens.Length, total_tokens = PromptTokens + reply.Tokens.Length };

    private static bool Authorized(HttpContext context) => context.Request.Headers.Authorization == $"Bearer {ApiKey}";

    private static IResult Unauthorized() =>
        Results.Json(new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error", code = "invalid_api_key" } }, statusCode: 401);

    public async ValueTask DisposeAsync()
    {
        foreach (var reply in _all)
        {
            reply.Release.TrySetResult();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
