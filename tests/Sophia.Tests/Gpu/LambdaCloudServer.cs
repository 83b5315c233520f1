using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sophia.Tests.Gpu;

/// <summary>An instance as the local Lambda server holds it.</summary>
public sealed record ServerInstance(string Id, string Name, string Region, string Status, string TypeName, int PriceCentsPerHour);

/// <summary>One request the local Lambda server received: method, path under /api/v1, JSON body when there was one.</summary>
public sealed record LambdaCall(string Method, string Path, JsonNode? Body, int Status);

/// <summary>
/// A local server that follows the documented Lambda Cloud API v1 (instance types with prices and capacity, launch,
/// terminate, list and get instances; HTTP Basic or Bearer API key; <c>{"error": {code, message, suggestion}}</c> errors),
/// with faults tests switch on. Instances boot until the test activates them, and terminate until it completes that.
/// </summary>
public sealed partial class LambdaCloudServer : IAsyncDisposable
{
    public const string ApiKey = "secret-lambda-key-for-tests";
    public const string InstanceType = "gpu_1x_gh200";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ServerInstance> _instances = new();
    private readonly object _lock = new();
    private int _nextId;

    private LambdaCloudServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = $"{baseUrl}/api/v1";
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<LambdaCall> Calls { get; } = new();

    /// <summary>Price of <see cref="InstanceType"/> the API reports, in cents per hour.</summary>
    public int PriceCentsPerHour { get; set; } = 149;

    /// <summary>Regions <c>GET /instance-types</c> lists as having capacity.</summary>
    public List<string> CapacityRegions { get; } = ["us-east-3", "us-west-1"];

    /// <summary>Launches in these regions answer 400 insufficient-capacity, whatever the listing said.</summary>
    public HashSet<string> NoCapacityIn { get; } = [];

    /// <summary>Every request answers 401 global/invalid-api-key.</summary>
    public bool RejectApiKey { get; set; }

    /// <summary>The next launch creates its instance and then answers 500, as if the answer was lost.</summary>
    public bool FailNextLaunchAfterCreating { get; set; }

    /// <summary>The next launch answers 500 without creating anything.</summary>
    public bool FailNextLaunchBeforeCreating { get; set; }

    /// <summary>The next terminate takes effect and then answers 500.</summary>
    public bool FailNextTerminateAfterApplying { get; set; }

    /// <summary>Instances <c>GET /instances</c> leaves out for now, as a listing that lags a launch does.</summary>
    public HashSet<string> HiddenFromListing { get; } = [];

    private int _rateLimited;
    private int _retryAfterSeconds;

    /// <summary>The next <paramref name="requests"/> requests answer 429 with Retry-After.</summary>
    public void RateLimitNext(int requests, int retryAfterSeconds)
    {
        _rateLimited = requests;
        _retryAfterSeconds = retryAfterSeconds;
    }

    public IReadOnlyList<ServerInstance> Instances => _instances.Values.OrderBy(i => i.Id).ToList();

    public IReadOnlyList<ServerInstance> InstancesNamed(string prefix) => Instances.Where(i => i.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    /// <summary>Launch requests that created an instance (a refused or rate-limited one is not a launch).</summary>
    public IReadOnlyList<JsonNode> Launches(string namePrefix) =>
        _launched.Where(body => body["name"]!.GetValue<string>().StartsWith(namePrefix, StringComparison.Ordinal)).ToList();

    private readonly ConcurrentQueue<JsonNode> _launched = new();

    public IReadOnlyList<string> TerminatedIds => Calls.Where(c => c.Path == "/instance-operations/terminate")
        .SelectMany(c => c.Body!["instance_ids"]!.AsArray().Select(i => i!.GetValue<string>())).ToList();

    /// <summary>Adds an instance as if launched earlier by anyone: a forgotten one of ours, or someone else's.</summary>
    public ServerInstance AddInstance(string name, string status = "active", string region = "us-east-3") => Add(name, region, status);

    /// <summary>Moves an instance on, e.g. from booting to active.</summary>
    public void SetStatus(string id, string status) => _instances[id] = _instances[id] with { Status = status };

    public void ActivateAll(string namePrefix)
    {
        foreach (var instance in InstancesNamed(namePrefix).Where(i => i.Status == "booting"))
        {
            SetStatus(instance.Id, "active");
        }
    }

    /// <summary>Finishes every termination under way, as the provider does a little later.</summary>
    public void CompleteTerminations()
    {
        foreach (var instance in Instances.Where(i => i.Status == "terminating"))
        {
            SetStatus(instance.Id, "terminated");
        }
    }

    /// <summary>Settings that point a Sophia server's pool at this API, with no pacing and no reminder passes.</summary>
    public Dictionary<string, string> SophiaSettings(int maxInstances) => new()
    {
        ["Sophia:Gpu:Lambda:BaseUrl"] = BaseUrl,
        ["Sophia:Gpu:Lambda:ApiKey"] = ApiKey,
        ["Sophia:Gpu:Lambda:SshKeyName"] = "sophia",
        ["Sophia:Gpu:Lambda:MinRequestIntervalMilliseconds"] = "0",
        ["Sophia:Gpu:Lambda:LaunchIntervalSeconds"] = "0",
        ["Sophia:Gpu:ReconcileIntervalSeconds"] = "86400",
        ["Sophia:Gpu:MaxInstances"] = maxInstances.ToString(),
    };

    public static async Task<LambdaCloudServer> StartAsync()
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new LambdaCloudServer(app, baseUrl);
        app.Map("/api/v1/{**path}", server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    private ServerInstance Add(string name, string region, string status)
    {
        var id = $"{Interlocked.Increment(ref _nextId):x4}{Guid.NewGuid():N}"[..32];
        return _instances[id] = new ServerInstance(id, name, region, status, InstanceType, PriceCentsPerHour);
    }

    private static bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header == $"Bearer {ApiKey}" || header == $"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiKey}:"))}";
    }

    private static IResult Error(int status, string code, string message, string? suggestion = null) =>
        Results.Json(new { error = new { code, message, suggestion } }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
