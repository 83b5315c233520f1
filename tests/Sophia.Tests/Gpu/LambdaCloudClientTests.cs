using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sophia.Gpu.Lambda;

namespace Sophia.Tests.Gpu;

/// <summary>A fake clock that also says when someone starts waiting on it, so a test advances it only then.</summary>
public sealed class WatchedClock() : FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T09:00:00Z"))
{
    private TaskCompletionSource<bool> _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the next timer (a Task.Delay on this clock) is created.</summary>
    public Task<bool> NextWait() => _waiting.Task;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Exchange(ref _waiting, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(true);
        return timer;
    }
}

public sealed class LambdaCloudClientTests : IAsyncLifetime
{
    private LambdaCloudServer _server = null!;
    private readonly WatchedClock _clock = new();

    public async Task InitializeAsync() => _server = await LambdaCloudServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private LambdaCloudClient Client(string apiKey = LambdaCloudServer.ApiKey, int maxRetries = 3, int launchIntervalSeconds = 10)
    {
        var options = Options.Create(new LambdaCloudOptions
        {
            BaseUrl = _server.BaseUrl, ApiKey = apiKey, SshKeyName = "sophia", MaxRetries = maxRetries,
            MinRequestIntervalMilliseconds = 0, LaunchIntervalSeconds = launchIntervalSeconds,
        });
        var http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{apiKey}:")));
        return new LambdaCloudClient(http, new LambdaPacer(_clock, options), options, _clock, NullLogger<LambdaCloudClient>.Instance);
    }

    private static LambdaLaunchRequest Launch(string name, string region = "us-east-3") =>
        new(region, LambdaCloudServer.InstanceType, ["sophia"], name, null, []);

    [Fact]
    public async Task Prices_and_capacity_come_from_the_api()
    {
        _server.PriceCentsPerHour = 163;

        var types = await Client().ListInstanceTypesAsync();

        Assert.Equal(163, types[LambdaCloudServer.InstanceType].InstanceType.PriceCentsPerHour);
        Assert.Equal(["us-east-3", "us-west-1"], types[LambdaCloudServer.InstanceType].RegionsWithCapacityAvailable.Select(r => r.Name));
    }

    [Fact]
    public async Task A_wrong_api_key_fails_with_the_providers_code_and_never_shows_the_key()
    {
        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client(apiKey: "wrong-key-value").ListInstancesAsync());

        Assert.Equal((401, LambdaErrorCodes.InvalidApiKey), (error.Status, error.Code));
        Assert.DoesNotContain("wrong-key-value", error.Message);
    }

    [Fact]
    public async Task A_429_is_retried_only_after_its_Retry_After_has_passed()
    {
        _server.RateLimitNext(1, retryAfterSeconds: 5);

        var waiting = _clock.NextWait();
        var listing = Client().ListInstancesAsync();
        await Within.Wait(waiting, "the client to wait out Retry-After");
        Assert.Single(_server.Calls);
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(await Within.Wait(listing, "the retried listing"));
        Assert.Equal([429, 200], _server.Calls.Select(c => c.Status));
    }

    [Fact]
    public async Task Rate_limiting_that_outlasts_the_retries_is_reported_as_such()
    {
        _server.RateLimitNext(5, retryAfterSeconds: 0);

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => Client(maxRetries: 1).ListInstancesAsync());

        Assert.Equal(429, error.Status);
        Assert.Equal(2, _server.Calls.Count);
    }

    [Fact]
    public async Task Launches_are_spaced_by_the_launch_interval_on_our_side()
    {
        var client = Client(launchIntervalSeconds: 10);

        var first = await client.LaunchAsync(Launch("paced-1"));
        var waiting = _clock.NextWait();
        var second = client.LaunchAsync(Launch("paced-2"));
        await Within.Wait(waiting, "the second launch to wait for its turn");
        Assert.Single(_server.Launches("paced-"));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.IsType<LambdaLaunchResult.Launched>(first);
        Assert.IsType<LambdaLaunchResult.Launched>(await Within.Wait(second, "the second launch"));
        Assert.Equal(2, _server.Launches("paced-").Count);
    }

    [Fact]
    public async Task No_capacity_is_a_result_naming_the_region_not_an_exception()
    {
        _server.NoCapacityIn.Add("us-east-3");

        var result = await Client().LaunchAsync(Launch("full-1"));

        var refused = Assert.IsType<LambdaLaunchResult.InsufficientCapacity>(result);
        Assert.Equal("us-east-3", refused.Region);
        Assert.Empty(_server.Instances);
    }

    [Fact]
    public async Task Terminating_or_getting_an_unknown_instance_says_it_does_not_exist()
    {
        var client = Client();

        var error = await Assert.ThrowsAsync<LambdaApiException>(() => client.TerminateAsync(["0123456789abcdef0123456789abcdef"]));

        Assert.True(error.IsNotFound);
        Assert.Null(await client.GetInstanceAsync("0123456789abcdef0123456789abcdef"));
    }

    [Fact]
    public async Task A_launched_instance_boots_then_becomes_active_and_terminates()
    {
        var client = Client();
        var launched = Assert.IsType<LambdaLaunchResult.Launched>(await client.LaunchAsync(Launch("life-1")));
        var id = Assert.Single(launched.InstanceIds);
        Assert.Equal("booting", (await client.GetInstanceAsync(id))!.Status);

        _server.SetStatus(id, "active");
        Assert.Equal(("active", "127.0.0.1", 149), (await client.GetInstanceAsync(id)) is { } i ? (i.Status, i.Ip, i.InstanceType!.PriceCentsPerHour) : default);

        var terminated = await client.TerminateAsync([id]);
        Assert.Equal("terminating", Assert.Single(terminated).Status);
    }
}
