using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sophia.Tests.Gpu;

/// <summary>Operators run the GPU pool through the gateway's REST: admin only, clear 400s, and a launch they can see.</summary>
public sealed class GpuOpsEndpointTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LambdaCloudServer _lambda = null!;
    private SophiaServer _server = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _lambda = await LambdaCloudServer.StartAsync();
        _server = await SophiaServer.StartAsync(_data.Path, new Dictionary<string, string>
        {
            ["Sophia:Gpu:Lambda:BaseUrl"] = _lambda.BaseUrl,
            ["Sophia:Gpu:Lambda:ApiKey"] = LambdaCloudServer.ApiKey,
            ["Sophia:Gpu:Lambda:SshKeyName"] = "sophia",
            ["Sophia:Gpu:Lambda:MinRequestIntervalMilliseconds"] = "0",
            ["Sophia:Gpu:Lambda:LaunchIntervalSeconds"] = "0",
            ["Sophia:Gpu:ReconcileIntervalSeconds"] = "86400",
            ["Sophia:Gpu:MaxInstances"] = "2",
        });
        _admin = await _server.TokenAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _lambda.DisposeAsync();
        _data.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string token, object? body = null, string? raw = null)
    {
        using var request = _server.Request(method, path, token);
        request.Content = raw is not null ? new StringContent(raw, System.Text.Encoding.UTF8, "application/json") : body is null ? null : JsonContent.Create(body);
        using var response = await _server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task An_operator_sets_the_desired_count_and_sees_the_instance_launched()
    {
        var (initial, pool) = await SendAsync(HttpMethod.Get, "/api/ops/gpu", _admin);
        Assert.Equal(HttpStatusCode.OK, initial);
        Assert.Equal(("local", true, 0), (pool.GetProperty("region").GetString(), pool.GetProperty("configured").GetBoolean(), pool.GetProperty("leases").GetArrayLength()));

        var (set, desired) = await SendAsync(HttpMethod.Post, "/api/ops/gpu/desired", _admin, new { count = 1 });
        var (_, after) = await SendAsync(HttpMethod.Post, "/api/ops/gpu/reconcile?wait=true", _admin);

        Assert.Equal(HttpStatusCode.OK, set);
        Assert.Equal(1, desired.GetProperty("desiredOverride").GetInt32());
        var lease = Assert.Single(after.GetProperty("leases").EnumerateArray());
        // The desired count already asked for a pass of its own; either way the instance is launched once and boots.
        Assert.Contains(lease.GetProperty("state").GetString(), new[] { "launching", "booting" });
        Assert.Equal(149, after.GetProperty("spendCentsPerHour").GetInt32());
        Assert.Single(_lambda.Launches("sophia-sophia-local-"));
    }

    [Theory]
    [InlineData("{\"count\": 3}", "Sophia:Gpu:MaxInstances")]
    [InlineData("{\"count\": -1}", "Sophia:Gpu:MaxInstances")]
    [InlineData("{\"count\": \"two\"}", "{\"count\": n}")]
    [InlineData("not json", "{\"count\": n}")]
    public async Task A_bad_desired_count_is_a_400_that_says_what_to_send_and_changes_nothing(string body, string hint)
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/ops/gpu/desired", _admin, raw: body);
        var (_, pool) = await SendAsync(HttpMethod.Get, "/api/ops/gpu", _admin);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(hint, problem.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, pool.GetProperty("desiredOverride").ValueKind);
    }

    [Fact]
    public async Task A_malformed_region_is_a_400()
    {
        var (status, problem) = await SendAsync(HttpMethod.Get, "/api/ops/gpu?region=US_East!", _admin);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("region", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Only_operators_may_see_or_change_the_pool()
    {
        var user = await _server.CreateUserAsync("not-an-operator");

        var (read, problem) = await SendAsync(HttpMethod.Get, "/api/ops/gpu", user);
        var (pause, _) = await SendAsync(HttpMethod.Post, "/api/ops/gpu/pause", user);
        var (anonymous, _) = await SendAsync(HttpMethod.Get, "/api/ops/gpu", "not-a-token");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized), (read, pause, anonymous));
        Assert.Contains("Sophia:Ops:Admins", problem.GetProperty("title").GetString());
        Assert.False((await SendAsync(HttpMethod.Get, "/api/ops/gpu", _admin)).Body.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Pause_stops_launching_and_resume_allows_it_again()
    {
        var (_, paused) = await SendAsync(HttpMethod.Post, "/api/ops/gpu/pause", _admin);
        await SendAsync(HttpMethod.Post, "/api/ops/gpu/desired", _admin, new { count = 1 });
        var (_, whilePaused) = await SendAsync(HttpMethod.Post, "/api/ops/gpu/reconcile?wait=true", _admin);
        var (_, resumed) = await SendAsync(HttpMethod.Post, "/api/ops/gpu/resume", _admin);

        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(0, whilePaused.GetProperty("leases").GetArrayLength());
        Assert.False(resumed.GetProperty("paused").GetBoolean());
    }
}
