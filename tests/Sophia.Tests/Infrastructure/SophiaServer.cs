using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Sophia.ClientApi.Hosting;
using Sophia.Tenancy;

namespace Sophia.Tests.Infrastructure;

/// <summary>A real Sophia gateway with its co-hosted silo on Kestrel, on free loopback ports and its own data folder.</summary>
public sealed class SophiaServer : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-for-tests";

    private readonly WebApplication _app;

    private SophiaServer(WebApplication app, string baseUrl, string dataDirectory)
    {
        _app = app;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public HttpClient Http { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _app.Services;

    /// <param name="dataDirectory">The data folder; a restart on the same one finds everything kept.</param>
    /// <param name="settings">Settings over the tests' defaults.</param>
    /// <param name="services">Changes to the services after Sophia registered its own, e.g. a clock the test moves.</param>
    public static async Task<SophiaServer> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        // A free port can be taken by another process between FreePort's probe and the bind: try again on fresh ones.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync(dataDirectory, settings, services);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 3)
            {
            }
        }
    }

    private static async Task<SophiaServer> StartOnFreePortsAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings, Action<IServiceCollection>? services)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var args = new Dictionary<string, string>
        {
            ["urls"] = baseUrl,
            ["Sophia:DataDirectory"] = dataDirectory,
            ["Sophia:Silo:SiloPort"] = FreePort.Next().ToString(),
            ["Sophia:Silo:GatewayPort"] = FreePort.Next().ToString(),
            ["SOPHIA_ADMIN_PASSWORD"] = AdminPassword,
            ["Logging:LogLevel:Default"] = "Warning",
            // Every test signs in from this one address; the tests of the limits set them low again.
            ["Sophia:RateLimits:SignIn:PermitLimit"] = "1000",
            ["Sophia:Auth:SignInsPerUsernamePerMinute"] = "1000",
            // The tests' websites (WebPageServer) listen on loopback, which production never reads.
            ["Sophia:Tools:Web:AllowedHosts:0"] = WebPageServer.Host,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args[key] = value;
        }

        var app = SophiaWebApp.Create(args.Select(a => $"--{a.Key}={a.Value}").ToArray(), services);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new SophiaServer(app, args["urls"], dataDirectory);
    }

    public async Task<string> TokenAsync(string user = "admin", string password = AdminPassword)
    {
        using var response = await Http.PostAsJsonAsync("/api/auth/token", new { username = user, password });
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Has the admin add a user of tenant <c>default</c> through the users API, and returns their token.</summary>
    public async Task<string> CreateUserAsync(string user, string password = "another-password", string role = Roles.Member)
    {
        using var request = Request(HttpMethod.Post, "/api/users", await TokenAsync());
        request.Content = JsonContent.Create(new { username = user, role, password });
        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"creating {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await TokenAsync(user, password);
    }

    /// <summary><c>/readyz</c> as an operator (the bootstrap admin), who sees each check's detail.</summary>
    public async Task<HttpResponseMessage> ReadinessAsync() => await Http.SendAsync(Request(HttpMethod.Get, "/readyz", await TokenAsync()));

    public async Task<HubConnection> ConnectAsync(string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{BaseUrl}/hubs/chat", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        await connection.StartAsync();
        return connection;
    }

    public HttpRequestMessage Request(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>Options for the official OpenAI client pointed at this server's /v1, without the client's own retries.</summary>
    public OpenAI.OpenAIClientOptions OpenAiOptions() =>
        new() { Endpoint = new Uri($"{BaseUrl}/v1"), RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0) };

    public async Task<List<ChatEvent>> MessagesAsync(string token, string conversationId, long after = 0)
    {
        using var response = await Http.SendAsync(Request(HttpMethod.Get, $"/api/conversations/{conversationId}/messages?after={after}", token));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<ChatEvent>>(JsonSerializerOptions.Web))!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
