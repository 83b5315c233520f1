using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tests.Cluster;
using Sophia.Tests.Postgres;
using Xunit.Abstractions;

namespace Sophia.Tests.Telemetry;

public sealed class TraceTests(ITestOutputHelper output)
{
    private const string Gateway = "sophia-gateway";
    private const string Silo = "sophia-silo";

    [Fact]
    public async Task One_chat_turn_is_one_trace_from_the_gateway_through_the_silo_to_the_model()
    {
        await using var collector = await OtlpTraceCollector.StartAsync();
        await using var model = await OpenAiCompatibleServer.StartAsync();
        var reply = model.Enqueue(new ScriptedReply { Tokens = ["One ", "trace."] });
        await using var database = await PostgresTestDatabase.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        };
        foreach (var (key, value) in model.SophiaSettings())
        {
            environment[key.Replace(":", "__")] = value;
        }

        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"], environment);
        var token = await cluster.TokenAsync();
        var conversationId = await ClusterChat.CreateConversationAsync(cluster.Http, token);

        await using var watcher = await LocalCluster.ConnectHubAsync(cluster.Http, token);
        var answered = Within.CollectUntil(watcher.StreamAsync<ChatEvent>("Watch", conversationId, 0L), e => e.Type == ChatEventTypes.Done, "the assistant's answer in the log");

        Assert.NotNull(await ClusterChat.TrySendAsync(cluster.Http, token, conversationId, "Is this one trace?"));
        Assert.Contains(await answered, e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant } && e.Text == reply.Text);
        var turn = await collector.WaitForAsync(spans => ChatTurn.Find(spans, conversationId, model.Endpoint),
            "the gateway's POST span and the silo's model call with every span between them");

        var chain = string.Join("\n  ", turn.Ancestry);
        output.WriteLine($"model call and its parents:\n  {chain}\nwhole trace:\n  {string.Join("\n  ", turn.Trace)}");
        Assert.True(ReferenceEquals(turn.Request, turn.Ancestry[^1]),
            $"The model call's parents end at {turn.Ancestry[^1]}, not at the gateway's request {turn.Request}:\n  {chain}\n{collector.Describe()}");
        Assert.All(turn.Ancestry, s => Assert.Equal(turn.Request.TraceId, s.TraceId));
        Assert.Contains(turn.Ancestry, s => s is { Service: Silo, Kind: OtlpSpanKind.Server } && s.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.Contains(turn.Ancestry, s => s is { Service: Silo, Name: "chat turn" });
        Assert.Equal([Gateway, Silo], turn.Trace.Select(s => s.Service).Distinct().Order());
    }

    /// <summary>The spans of one turn: the gateway's request, the silo's model call, and the model call's chain of parents.</summary>
    private sealed record ChatTurn(OtlpSpan Request, OtlpSpan ModelCall, IReadOnlyList<OtlpSpan> Ancestry, IReadOnlyList<OtlpSpan> Trace)
    {
        /// <summary>
        /// Null until both ends are in and the model call's parents are followed up to the gateway's request or to a root,
        /// so a trace broken anywhere still ends the wait and fails on which link broke.
        /// </summary>
        public static ChatTurn? Find(IReadOnlyList<OtlpSpan> spans, string conversationId, string modelEndpoint)
        {
            var request = spans.FirstOrDefault(s => s is { Service: Gateway, Kind: OtlpSpanKind.Server }
                && s.Attribute("http.request.method") == "POST" && s.Attribute("url.path") == $"/api/conversations/{conversationId}/messages");
            var modelCall = spans.FirstOrDefault(s => s is { Service: Silo, Kind: OtlpSpanKind.Client }
                && s.Attribute("http.request.method") == "POST" && s.Attribute("url.full")?.StartsWith($"{modelEndpoint}/chat/completions", StringComparison.Ordinal) == true);
            if (request is null || modelCall is null)
            {
                return null;
            }

            var bySpanId = spans.DistinctBy(s => s.SpanId).ToDictionary(s => s.SpanId);
            var ancestry = new List<OtlpSpan> { modelCall };
            while (!ReferenceEquals(ancestry[^1], request) && ancestry[^1].ParentSpanId.Length > 0)
            {
                if (!bySpanId.TryGetValue(ancestry[^1].ParentSpanId, out var parent))
                {
                    return null;
                }

                ancestry.Add(parent);
            }

            return new ChatTurn(request, modelCall, ancestry, [.. spans.Where(s => s.TraceId == request.TraceId)]);
        }
    }
}
