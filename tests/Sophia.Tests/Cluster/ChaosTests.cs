using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Sophia.Tests.Postgres;
using Xunit.Abstractions;

namespace Sophia.Tests.Cluster;

/// <summary>Real silo processes killed again and again while answers stream and messages wait in line behind them.</summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    private const int Conversations = 6;
    private const int Kills = 5;

    [Fact]
    public async Task Every_acknowledged_message_is_answered_exactly_once_in_order_through_five_silo_kills()
    {
        await using var model = await OpenAiCompatibleServer.StartAsync();
        await using var webhook = await WebhookReceiver.StartAsync();
        model.Responder = ChaosModel.Reply;
        await using var database = await PostgresTestDatabase.CreateAsync();
        var settings = model.SophiaSettings(("Sophia:Tools:WebhookUrl", webhook.Url), ("Logging:LogLevel:Sophia", "Debug"))
            .ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu", "eu"], settings);
        await cluster.ConnectClientAsync();
        var token = await cluster.TokenAsync();
        var ids = new List<string>();
        for (var i = 0; i < Conversations; i++)
        {
            ids.Add(await ClusterChat.CreateConversationAsync(cluster.Http, token));
        }

        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<long>>(ids.Select(id => KeyValuePair.Create(id, new ConcurrentBag<long>())));
        var sent = 0;
        // The first conversation's messages ask for the risky tool; a conversation's messages are sent all at once.
        async Task SendToEachAsync(int count) => await Task.WhenAll(ids.SelectMany((id, i) => Enumerable.Range(0, count).Select(async _ =>
        {
            var text = i == 0 ? $"{ChaosModel.PostPrefix} {Interlocked.Increment(ref sent)}" : $"question {Interlocked.Increment(ref sent)}";
            if (await ClusterChat.TrySendAsync(cluster.Http, token, id, text) is { } seq)
            {
                acknowledged[id].Add(seq);
            }
        })));

        using var approving = new CancellationTokenSource();
        var approvalsGiven = 0;
        var approver = Task.Run(async () =>
        {
            var given = new HashSet<string>();
            while (!approving.IsCancellationRequested)
            {
                foreach (var approvalId in await TurnLedger.PendingApprovalsAsync(database, ids[0]))
                {
                    // As a person would: click again until the gateway answers. Each id counts once, however often it was sent.
                    if (!given.Contains(approvalId))
                    {
                        var status = await ApproveAsync(cluster.Http, token, ids[0], approvalId);
                        output.WriteLine($"approve {approvalId}: {status?.ToString() ?? "no answer"}");
                        if (status is >= 200 and < 500)
                        {
                            given.Add(approvalId);
                            Interlocked.Increment(ref approvalsGiven);
                        }
                    }
                }

                await Task.Delay(200);
            }
        });

        // Three messages to each conversation at once: the first streams, two wait in line behind it.
        await SendToEachAsync(3);

        for (var kill = 1; kill <= Kills; kill++)
        {
            await Within.Wait(ClusterChat.UntilAsync(() => model.Requests.Count >= kill * 3), "model calls under way before the next kill", TimeSpan.FromSeconds(60));
            var conversation = ids[kill % Conversations];
            var victim = (await cluster.HostsOfAsync("mediatoragent", GrainKeys.Of(GrainKeys.DefaultTenant, conversation))).FirstOrDefault()
                ?? cluster.Silos.First(s => !s.HasExited);
            output.WriteLine($"kill {kill}: {victim.Name} (mediator of {conversation})");
            victim.Kill();
            await cluster.WaitForActiveSilosAsync(1);
            cluster.StartSilo("eu");
            await SendToEachAsync(1);
            await cluster.WaitForActiveSilosAsync(2);
        }

        var expected = acknowledged.Sum(a => a.Value.Count);
        var answered = await Within.Wait(UntilAllAnsweredAsync(database, acknowledged), $"all {expected} acknowledged messages to be answered", TimeSpan.FromSeconds(240))
            .ContinueWith(t => t.IsCompletedSuccessfully);
        Assert.True(answered, await DescribeUnansweredAsync(database, acknowledged) + cluster.Describe());
        await approving.CancelAsync();
        await approver;

        var verified = 0;
        foreach (var id in ids)
        {
            var turns = await TurnLedger.ReadAsync(database, id);
            Assert.Equal(acknowledged[id].Order(), turns.Select(t => t.Seq).Order());
            foreach (var turn in turns)
            {
                Assert.True(turn is { Messages: 1, Dones: 1, Errors: 0 } or { Dones: 0, Errors: 1 }, $"{id}#{turn.Seq}: {turn}");
                Assert.True(turn.ApprovalsAsked <= 1, $"{id}#{turn.Seq} asked {turn.ApprovalsAsked} approvals");
            }

            Assert.Equal(turns.Select(t => t.EndedAt).Order(), turns.Select(t => t.EndedAt));
            verified += turns.Count;
            output.WriteLine($"{id}: {turns.Count} turns, {turns.Count(t => t.Errors > 0)} ended in an error");
        }

        output.WriteLine($"{verified} turns verified; {approvalsGiven} approvals given, {webhook.Posts.Count} webhook posts");
        Assert.Equal(expected, verified);
        Assert.True(webhook.Posts.Count <= approvalsGiven, $"{webhook.Posts.Count} posts for {approvalsGiven} approvals");
        Assert.True(approvalsGiven > 0, "no approval was asked for");
    }

    private static async Task<int> UntilAllAnsweredAsync(PostgresTestDatabase database, ConcurrentDictionary<string, ConcurrentBag<long>> acknowledged)
    {
        while ((await UnansweredAsync(database, acknowledged)).Count > 0)
        {
            await Task.Delay(500);
        }

        return 0;
    }

    /// <summary>Each conversation's acknowledged messages whose turn has no end in the log yet.</summary>
    private static async Task<Dictionary<string, List<long>>> UnansweredAsync(PostgresTestDatabase database, ConcurrentDictionary<string, ConcurrentBag<long>> acknowledged)
    {
        var unanswered = new Dictionary<string, List<long>>();
        foreach (var (id, seqs) in acknowledged)
        {
            var ended = (await TurnLedger.ReadAsync(database, id)).Where(t => t.EndedAt > 0).Select(t => t.Seq).ToHashSet();
            if (seqs.Where(s => !ended.Contains(s)).Order().ToList() is { Count: > 0 } open)
            {
                unanswered[id] = open;
            }
        }

        return unanswered;
    }

    private static async Task<string> DescribeUnansweredAsync(PostgresTestDatabase database, ConcurrentDictionary<string, ConcurrentBag<long>> acknowledged)
    {
        var text = new System.Text.StringBuilder("Unanswered:\n");
        foreach (var (id, open) in await UnansweredAsync(database, acknowledged))
        {
            var tail = await database.QueryAsync(
                "SELECT seq, type, turn, coalesce(step, '') FROM chat_events WHERE conversation = @c ORDER BY seq DESC LIMIT 8",
                r => $"{r.GetInt64(0)} {r.GetString(1)} turn {(r.IsDBNull(2) ? 0 : r.GetInt64(2))} {r.GetString(3)}", ("c", GrainKeys.Of(GrainKeys.DefaultTenant, id)));
            text.AppendLine($"{id}: {string.Join(", ", open)}; last events: {string.Join(" | ", tail)}");
        }

        return text.ToString();
    }

    private static async Task<int?> ApproveAsync(HttpClient http, string token, string conversationId, string approvalId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversationId}/approvals/{approvalId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = JsonContent.Create(new { approved = true });
        try
        {
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
