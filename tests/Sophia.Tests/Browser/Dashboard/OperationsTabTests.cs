using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sophia.Tests.Gpu;

namespace Sophia.Tests.Browser.Dashboard;

/// <summary>The Operations tab: an operator watches the cluster, its health, the GPU pool and the turns; nobody else sees it.</summary>
public sealed partial class OperationsTabTests
{
    public const string MemberPassword = "member-password-for-ops";

    [Fact]
    public async Task An_operator_sees_the_silo_health_gpu_lease_spend_and_turn_latency_and_a_member_sees_no_operations()
    {
        using var data = new TempFolder();
        await using var lambda = await LambdaCloudServer.StartAsync();
        await using var model = await OpenAiCompatibleServer.StartAsync();
        model.Enqueue(new ScriptedReply { Tokens = ["All ", "systems ", "go."], TokenDelay = TimeSpan.Zero });
        await using var sophia = await SophiaServer.StartAsync(data.Path, model.SophiaSettings(
            ("Sophia:Gpu:Lambda:BaseUrl", lambda.BaseUrl),
            ("Sophia:Gpu:Lambda:ApiKey", LambdaCloudServer.ApiKey),
            ("Sophia:Gpu:Lambda:SshKeyName", "sophia"),
            ("Sophia:Gpu:Lambda:MinRequestIntervalMilliseconds", "0"),
            ("Sophia:Gpu:Lambda:LaunchIntervalSeconds", "0"),
            ("Sophia:Gpu:ReconcileIntervalSeconds", "86400"),
            ("Sophia:Ops:ModelPrices:0:Model", OpenAiCompatibleServer.Model),
            ("Sophia:Ops:ModelPrices:0:InputUsdPerMillionTokens", "2.5"),
            ("Sophia:Ops:ModelPrices:0:OutputUsdPerMillionTokens", "10")));
        var admin = await sophia.TokenAsync();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(sophia, admin, "/api/ops/gpu/desired", new { count = 1 }));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(sophia, admin, "/api/ops/gpu/reconcile?wait=true", new { }));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(sophia, admin, "/v1/chat/completions", new { model = "sophia", messages = new[] { new { role = "user", content = "Status?" } } }));
        var member = await sophia.CreateUserAsync("member", MemberPassword);

        await using (var ui = await Dashboard.OpenAsync(sophia, Dashboard.Desktop))
        {
            var panel = await ui.OpenTabAsync("ops");
            await Assertions.Expect(panel.Locator("#ops-silos tbody tr")).ToContainTextAsync("active");
            foreach (var check in new[] { "orleans", "chat-model", "sqlite" })
            {
                await Assertions.Expect(panel.Locator("#ops-health tbody tr", new() { HasText = check })).ToContainTextAsync("up");
            }

            await Assertions.Expect(panel.Locator("#ops-gpu .ops-body tbody tr")).ToContainTextAsync(LeaseState());
            await Assertions.Expect(panel.Locator("#ops-gpu")).ToContainTextAsync("$1.49/h");
            await Assertions.Expect(panel.Locator("#ops-gpu-chart canvas")).ToBeVisibleAsync();
            await Assertions.Expect(panel.Locator("#ops-latency-chart canvas")).ToBeVisibleAsync();
            await Assertions.Expect(panel.Locator("#ops-latency")).ToContainTextAsync("Turns finished in the last 6 h, per minute");
            await Assertions.Expect(panel.Locator("#ops-errors-chart canvas")).ToBeVisibleAsync();
            var usage = panel.Locator("#ops-usage tbody tr", new() { HasText = "default/admin" });
            await Assertions.Expect(usage).ToContainTextAsync(OpenAiCompatibleServer.Model);
            await Assertions.Expect(usage).ToContainTextAsync("$");
            await Assertions.Expect(panel.Locator("#ops-grains")).ToContainTextAsync("MediatorAgentGrain");
            await ui.AssertFitsAsync();
            await ui.ScreenshotAsync("ops");

            await ui.ResizeAsync(Dashboard.Phone);
            await Assertions.Expect(panel.Locator("#ops-gpu-chart canvas")).ToBeVisibleAsync();
            await ui.AssertFitsAsync();
            await ui.ScreenshotAsync("ops");
        }

        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(sophia, member, "/api/ops/cluster"));
        Assert.Equal(HttpStatusCode.Forbidden, await GetAsync(sophia, member, "/api/ops/metrics"));
        await using var memberUi = await Dashboard.OpenAsync(sophia, Dashboard.Phone, "default", "member", MemberPassword);
        await Assertions.Expect(memberUi.Page.Locator("#tab-ops")).ToHaveCountAsync(0);
    }

    private static async Task<HttpStatusCode> PostAsync(SophiaServer sophia, string token, string path, object body)
    {
        using var request = sophia.Request(HttpMethod.Post, path, token);
        request.Content = JsonContent.Create(body);
        using var response = await sophia.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> GetAsync(SophiaServer sophia, string token, string path)
    {
        using var request = sophia.Request(HttpMethod.Get, path, token);
        using var response = await sophia.Http.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex("launching|booting")]
    private static partial Regex LeaseState();
}
