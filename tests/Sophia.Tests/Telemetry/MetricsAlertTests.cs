using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Sophia.Tests.Cluster;
using Sophia.Tests.Postgres;
using Xunit.Abstractions;

namespace Sophia.Tests.Telemetry;

/// <summary>A real Prometheus scrapes a real cluster, and Alertmanager pages from the shipped rule file.</summary>
public sealed class MetricsAlertTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Scrape = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Prometheus_sees_a_turn_s_latency_and_an_operator_is_paged_within_a_minute_of_PostgreSQL_stopping()
    {
        await using var model = await OpenAiCompatibleServer.StartAsync();
        var reply = model.Enqueue(new ScriptedReply { Tokens = ["Measured ", "answer."] });
        await using var database = await PostgresTestDatabase.CreateAsync();
        var environment = model.SophiaSettings().ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value);
        await using var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu", "eu"], environment);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alertmanager = await PrometheusServer.StartAlertmanagerAsync(AlertmanagerConfig(receiver.Url));
        await using var prometheus = await PrometheusServer.StartPrometheusAsync(PrometheusConfig(cluster, alertmanager.Url));

        var token = await cluster.TokenAsync();
        var conversationId = await ClusterChat.CreateConversationAsync(cluster.Http, token);
        await using var watcher = await LocalCluster.ConnectHubAsync(cluster.Http, token);
        var answered = Within.CollectUntil(watcher.StreamAsync<ChatEvent>("Watch", conversationId, 0L), e => e.Type == ChatEventTypes.Done, "the assistant's answer");
        Assert.NotNull(await ClusterChat.TrySendAsync(cluster.Http, token, conversationId, "How long does this take?"));
        Assert.Contains(await answered, e => e is { Type: ChatEventTypes.Message, Role: ChatRoles.Assistant } && e.Text == reply.Text);

        await UntilAsync(async () => await prometheus.QueryAsync("sum(sophia_chat_turn_duration_seconds_bucket{le=\"+Inf\"})") >= 1,
            "Prometheus to hold the turn in sophia_chat_turn_duration_seconds_bucket", prometheus);
        Assert.Equal(2, await prometheus.QueryAsync("max(sophia_cluster_active_silos{region=\"eu\"})"));
        Assert.True(await prometheus.QueryAsync("sum(sophia_chat_turns_total{outcome=\"answered\"})") >= 1);
        await UntilAsync(async () => await prometheus.QueryAsync("count(sophia_dependency_up{dependency=\"postgres\"} == 1)") == 3,
            "all three processes to report PostgreSQL up", prometheus);
        var scraped = await cluster.Http.GetStringAsync("/metrics");
        Assert.DoesNotContain(SophiaServer.AdminPassword, scraped);
        Assert.DoesNotContain("admin", scraped);

        using var dashboard = new HttpRequestMessage(HttpMethod.Get, "/ops/dashboard/ClusterStats") { Headers = { Authorization = new("Bearer", token) } };
        using var clusterStats = await cluster.Http.SendAsync(dashboard);
        Assert.True(clusterStats.IsSuccessStatusCode, $"the gateway's Orleans dashboard: {(int)clusterStats.StatusCode} {await clusterStats.Content.ReadAsStringAsync()}");

        var stopped = Stopwatch.StartNew();
        TimeSpan paged;
        try
        {
            await TestServices.StopPostgresAsync();
            await UntilAsync(() => Task.FromResult(HasAlert(receiver, "firing")), "Alertmanager to post SophiaDependencyDown for postgres", prometheus, TimeSpan.FromSeconds(60));
            paged = stopped.Elapsed;
        }
        finally
        {
            await TestServices.StartPostgresAsync();
        }

        var restarted = Stopwatch.StartNew();
        await UntilAsync(() => Task.FromResult(HasAlert(receiver, "resolved")), "Alertmanager to post the alert resolved", prometheus, TimeSpan.FromSeconds(60));
        output.WriteLine($"PostgreSQL stopped -> SophiaDependencyDown at the webhook: {paged.TotalSeconds:0.0} s (scrape and evaluation every {Scrape.TotalSeconds:0} s, checks every 5 s, for: 15s)");
        output.WriteLine($"PostgreSQL started -> resolved at the webhook: {restarted.Elapsed.TotalSeconds:0.0} s");
    }

    private static bool HasAlert(WebhookReceiver receiver, string status) => receiver.Bodies.Any(body =>
        body.GetProperty("alerts").EnumerateArray().Any(a => a.GetProperty("status").GetString() == status
            && Label(a, "alertname") == "SophiaDependencyDown" && Label(a, "dependency") == "postgres"));

    private static string? Label(JsonElement alert, string name) => alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString() : null;

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, PrometheusServer prometheus, TimeSpan? timeout = null)
    {
        async Task<int> Poll()
        {
            while (!await condition())
            {
                await Task.Delay(200);
            }

            return 0;
        }

        try
        {
            await Within.Wait(Poll(), what, timeout ?? TimeSpan.FromSeconds(45));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\ntargets: {await prometheus.Http.GetStringAsync("/api/v1/targets")}\nalerts: {await prometheus.Http.GetStringAsync("/api/v1/alerts")}", ex);
        }
    }

    private string PrometheusConfig(LocalCluster cluster, string alertmanagerUrl)
    {
        var silos = string.Join(", ", cluster.Silos.Select(s => $"\"127.0.0.1:{cluster.HttpPortOf(s)}\""));
        var config = $$"""
            global: { scrape_interval: {{Scrape.TotalSeconds}}s, evaluation_interval: {{Scrape.TotalSeconds}}s }
            rule_files: ["{{Path.Combine(RepoPaths.Root, "infra", "prometheus", "sophia-alerts.yml")}}"]
            alerting:
              alertmanagers: [{ static_configs: [{ targets: ["{{new Uri(alertmanagerUrl).Authority}}"] }] }]
            scrape_configs:
              - { job_name: sophia-gateway, static_configs: [{ targets: ["{{cluster.Http.BaseAddress!.Authority}}"] }] }
              - { job_name: sophia-silo, static_configs: [{ targets: [{{silos}}] }] }
            """;
        output.WriteLine(config);
        return config;
    }

    private static string AlertmanagerConfig(string webhook) => $$"""
        route: { receiver: test, group_by: [alertname, dependency], group_wait: 1s, group_interval: 1s, repeat_interval: 1h }
        receivers:
          - { name: test, webhook_configs: [{ url: "{{webhook}}", send_resolved: true }] }
        """;
}
