using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Memory;
using Sophia.Tenancy;
using Sophia.Tests.Auth;
using Sophia.Tests.Memory;
using Xunit.Abstractions;

namespace Sophia.Tests.Fuzz;

/// <summary>
/// Ten thousand broken requests from signed-in and anonymous callers over REST, <c>/v1</c> and the hub: none answers
/// 5xx, none drops its connection, every 400/413/415 says what to fix, and what was written before reads back the same.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 12_012;
    private const int RestRequests = 5_300;
    private const int V1Requests = 1_800;
    private const int UploadRequests = 1_000;
    private const int HubInvocationsPerConnection = 500;
    private const int HubConnections = 4;
    private const int Parallel = 12;

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_no_5xx_drop_no_connection_and_leave_earlier_data_intact()
    {
        using var data = new TempFolder();
        var settings = new[] { "SignIn", "Sends", "V1", "Uploads", "Mcp" }.ToDictionary(p => $"Sophia:RateLimits:{p}:PermitLimit", _ => "1000000");
        // The per-username limit stays at its default: it is what keeps hundreds of sign-ins to one name from queueing behind one another's hashing.
        settings["Sophia:Auth:SignInsPerUsernamePerMinute"] = "20";
        // Every refusal would be logged; unhandled exceptions still are.
        settings["Logging:LogLevel:Microsoft.AspNetCore.SignalR"] = "Critical";
        settings["Logging:LogLevel:Sophia.ClientApi.Auth"] = "Error";
        await using var server = await SophiaServer.StartAsync(data.Path, settings);
        var keeper = await server.CreateUserAsync("keeper");
        var (keptConversation, keptDocument) = await WriteKeptDataAsync(server, keeper);
        var before = await SnapshotAsync(server, keeper, keptConversation, keptDocument);
        var identity = await FuzzerAsync(server, keptConversation, keptDocument);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        var tally = new FuzzTally();

        await Task.WhenAll(
            Task.WhenAll(Enumerable.Range(0, Parallel).Select(worker => HttpWorkerAsync(http, identity, tally, new Random(Seed + worker)))),
            Task.WhenAll(Enumerable.Range(0, HubConnections).Select(worker => HubWorkerAsync(server, identity, tally, new Random(Seed * 7 + worker)))));

        output.WriteLine(tally.Report());
        Assert.True(tally.Total >= 10_000, tally.Report());
        Assert.True(tally.Faults == 0, tally.Report());
        Assert.True(tally.Dropped == 0, tally.Report());
        Assert.True(tally.Silent == 0, tally.Report());
        Assert.Equal(200, (await Api.GetAsync(server.Http, "/healthz", null)).Status);
        Assert.Equal(before, await SnapshotAsync(server, keeper, keptConversation, keptDocument));
        var after = await Api.PostAsync(server.Http, "/api/conversations", keeper, new { title = "after the fuzz" });
        Assert.Equal(201, after.Status);
    }

    private static async Task HttpWorkerAsync(HttpClient http, FuzzIdentity identity, FuzzTally tally, Random random)
    {
        var mutator = new RequestMutator(random, identity);
        var multipart = new MultipartBodies(random);
        var rest = FuzzTemplates.All.Where(t => t.Family == FuzzTemplates.Rest).ToList();
        var v1 = FuzzTemplates.All.Where(t => t.Family == FuzzTemplates.V1).ToList();
        var uploads = FuzzTemplates.All.Where(t => t.Family == FuzzTemplates.Upload).ToList();
        var plan = Enumerable.Repeat(FuzzTemplates.Rest, RestRequests / Parallel)
            .Concat(Enumerable.Repeat(FuzzTemplates.V1, V1Requests / Parallel))
            .Concat(Enumerable.Repeat(FuzzTemplates.Upload, UploadRequests / Parallel))
            .OrderBy(_ => random.Next())
            .ToList();
        foreach (var family in plan)
        {
            HttpRequestMessage request;
            if (family == FuzzTemplates.Upload && random.Next(4) > 0)
            {
                var (body, type) = multipart.Next();
                request = mutator.Build(uploads[0], body, type);
            }
            else
            {
                request = mutator.Build(mutator.Json.Pick(family switch { FuzzTemplates.V1 => v1, FuzzTemplates.Upload => uploads, _ => rest }));
            }

            await SendAsync(http, request, family, tally);
        }
    }

    private static async Task SendAsync(HttpClient http, HttpRequestMessage request, string family, FuzzTally tally)
    {
        var what = $"{request.Method} {Shorten(request.RequestUri!.OriginalString)} ({request.Content?.Headers.ContentType?.ToString() ?? request.Content?.Headers.GetValues("Content-Type").FirstOrDefault() ?? "no body"})";
        try
        {
            using (request)
            using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead))
            {
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                // Kestrel refuses a request line it cannot parse (a NUL in the path, say) before Sophia sees it, and closes the connection.
                var beforeSophia = response.Headers.ConnectionClose == true && body.Length == 0;
                var silent = status is 400 or 413 or 415 && !beforeSophia && !SaysWhatToFix(body) ? $"{status} with no message: {what}: {body}" : null;
                tally.Answered(family, status.ToString(System.Globalization.CultureInfo.InvariantCulture), status >= 500 ? $"{status}: {what}: {body}" : null, silent);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            tally.Drop(family, $"{what}: {ex.GetType().Name}: {ex.Message} {ex.InnerException?.Message}");
        }
    }

    private static async Task HubWorkerAsync(SophiaServer server, FuzzIdentity identity, FuzzTally tally, Random random)
    {
        var invocations = new HubInvocations(random, identity);
        var hub = await server.ConnectAsync(identity.Token);
        try
        {
            for (var i = 0; i < HubInvocationsPerConnection; i++)
            {
                var (method, arguments) = invocations.Next();
                var what = $"{method}({string.Join(", ", arguments.Select(Describe))})";
                try
                {
                    if (method == "Watch" && random.Next(2) == 0)
                    {
                        tally.Answered("hub", await WatchAsync(hub, arguments));
                        continue;
                    }

                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                    await hub.InvokeCoreAsync(method, typeof(object), arguments, timeout.Token);
                    tally.Answered("hub", "hub ok");
                }
                catch (HubException ex)
                {
                    // SignalR passes on a HubException's message after this prefix; any other exception reaches the caller as the prefix alone.
                    var fault = ex.Message.StartsWith("An unexpected error occurred", StringComparison.Ordinal) && !ex.Message.Contains("HubException: ", StringComparison.Ordinal)
                        ? $"{what}: {ex.Message}"
                        : null;
                    tally.Answered("hub", fault is null ? "hub refused" : "hub fault", fault);
                }
                catch (Exception ex) when (hub.State != HubConnectionState.Connected || ex is OperationCanceledException or IOException)
                {
                    tally.Drop("hub", $"{what}: {ex.GetType().Name}: {ex.Message} (connection {hub.State})");
                    await hub.DisposeAsync();
                    hub = await server.ConnectAsync(identity.Token);
                }
            }
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    // A stream with arguments it can serve stays open: the first event, or a quiet two seconds, is its answer.
    private static async Task<string> WatchAsync(HubConnection hub, object?[] arguments)
    {
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var _ in hub.StreamAsyncCore<object>("Watch", arguments, quiet.Token))
            {
                return "hub stream event";
            }

            return "hub stream ended";
        }
        catch (OperationCanceledException) when (quiet.IsCancellationRequested && hub.State == HubConnectionState.Connected)
        {
            return "hub stream open";
        }
    }

    private static bool SaysWhatToFix(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var message = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? error.GetProperty("message")
                : root.TryGetProperty("title", out var title) ? title : default;
            return message.ValueKind == JsonValueKind.String && message.GetString()!.Length > 10;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Describe(object? argument) => argument switch
    {
        null => "null",
        string { Length: > 40 } s => $"string of {s.Length}",
        string s => JsonSerializer.Serialize(s),
        _ => JsonSerializer.Serialize(argument),
    };

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;

    private static async Task<(string Conversation, string Document)> WriteKeptDataAsync(SophiaServer server, string keeper)
    {
        var conversation = (await Api.PostAsync(server.Http, "/api/conversations", keeper, new { title = "kept" })).Body.GetProperty("id").GetString()!;
        await using (var hub = await server.ConnectAsync(keeper))
        {
            var seq = await hub.InvokeAsync<long>("SendMessage", conversation, "Remember that the fuzz must not change this conversation.");
            await Within.CollectUntil(hub.StreamAsync<ChatEvent>("Watch", conversation, seq - 1), e => e.Type == ChatEventTypes.Done, "the kept conversation's answer");
        }

        var watcher = new ProgressWatcher();
        using var asOperator = OperatorClient.Enter();
        var memory = server.Grains.GetGrain<IMemoryGrain>(MemoryScopes.Key(GrainKeys.DefaultTenant, MemoryScopes.User("keeper")));
        var reference = server.Grains.CreateObjectReference<IMemoryObserver>(watcher);
        await memory.SubscribeAsync(reference);
        using var request = server.Request(HttpMethod.Post, "/api/memory/documents?scope=user", keeper);
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("The kept document: the fuzz must leave it as it is.")), "file", "kept.txt" } };
        form.First().Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        request.Content = form;
        using var response = await server.Http.SendAsync(request);
        var document = (await response.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("documentId").GetString()!;
        await watcher.Stored(document, "kept.txt");
        await memory.UnsubscribeAsync(reference);
        return (conversation, document);
    }

    private static async Task<string> SnapshotAsync(SophiaServer server, string keeper, string conversation, string document)
    {
        var messages = await Api.GetAsync(server.Http, $"/api/conversations/{conversation}/messages", keeper);
        var status = await Api.GetAsync(server.Http, $"/api/memory/documents/{document}?scope=user", keeper);
        var recalled = await Api.PostAsync(server.Http, "/api/memory/recall?scope=user", keeper, new { query = "the kept document", topK = 1 });
        return $"{messages}\n{status}\n{recalled}";
    }

    private static async Task<FuzzIdentity> FuzzerAsync(SophiaServer server, string keptConversation, string keptDocument)
    {
        var token = await server.CreateUserAsync("fuzzer");
        await server.CreateUserAsync("fuzz-victim");
        var conversation = (await Api.PostAsync(server.Http, "/api/conversations", token, new { title = "fuzzed" })).Body.GetProperty("id").GetString()!;
        var document = (await Api.PostAsync(server.Http, "/api/memory/facts?scope=user", token, new { text = "The fuzzer's own fact." })).Body.GetProperty("documentId").GetString()!;
        var key = (await Api.PostAsync(server.Http, "/api/keys", token, new { name = "fuzz" })).Body.GetProperty("key").GetString()!;
        return new FuzzIdentity(token, await server.TokenAsync(), key, conversation, document, keptConversation, keptDocument);
    }
}
