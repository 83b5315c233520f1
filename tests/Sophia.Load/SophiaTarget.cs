using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sophia.Tests.Cluster;
using Sophia.Tests.Infrastructure;
using Sophia.Tests.Postgres;

namespace Sophia.Load;

/// <summary>
/// Sophia as its users meet it, with rate limits off: the built app embedded in one process, or the cluster profile (one
/// silo and one gateway process on Redis and PostgreSQL); a local model that answers at once; accounts made by the admin.
/// </summary>
public sealed class SophiaTarget : ILoadTarget
{
    private const string Password = "load-generator-password";
    private readonly List<IAsyncDisposable> _owned;
    private readonly string[] _tokens;

    private SophiaTarget(string name, HttpClient http, IReadOnlyList<int> pids, string[] tokens, List<IAsyncDisposable> owned) =>
        (Name, Http, ProcessIds, _tokens, _owned) = (name, http, pids, tokens, owned);

    public string Name { get; }

    public HttpClient Http { get; }

    public IReadOnlyList<int> ProcessIds { get; }

    public static async Task<SophiaTarget> StartAsync(bool cluster, int accounts)
    {
        var owned = new List<IAsyncDisposable>();
        var model = await OpenAiCompatibleServer.StartAsync();
        owned.Add(model);
        model.Responder = _ => new ScriptedReply { Tokens = ["ok"], TokenDelay = TimeSpan.Zero };
        var settings = new Dictionary<string, string>(model.SophiaSettings().ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value))
        {
            ["Sophia__RateLimits__Enabled"] = "false",
            ["Sophia__Auth__TokenLifetimeMinutes"] = "60",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var (name, http, pids) = cluster ? await StartClusterAsync(settings, owned) : await StartEmbeddedAsync(settings, owned);
        owned.Add(new ForgetRequests(model));
        var admin = await TokenAsync(http, "admin", SophiaServer.AdminPassword);
        var tokens = new string[accounts];
        await Parallel.ForAsync(0, accounts, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            tokens[i] = await CreateAccountAsync(http, admin, $"load{i}"));
        return new SophiaTarget(name, http, pids, tokens, owned);
    }

    public async Task<ILoadSession> OpenSessionAsync(int user, CancellationToken cancellationToken) =>
        await SophiaSession.OpenAsync(Http, _tokens[user % _tokens.Length], cancellationToken);

    private static async Task<(string, HttpClient, IReadOnlyList<int>)> StartEmbeddedAsync(Dictionary<string, string> settings, List<IAsyncDisposable> owned)
    {
        var data = new TempFolder();
        owned.Add(new Disposer(data.Dispose));
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var process = SophiaProcess.Start("sophia embedded", RepoPaths.GatewayDll, new Dictionary<string, string>(settings)
        {
            ["urls"] = url,
            ["Sophia__DataDirectory"] = data.Path,
            ["Sophia__Silo__SiloPort"] = FreePort.Next().ToString(),
            ["Sophia__Silo__GatewayPort"] = FreePort.Next().ToString(),
            ["SOPHIA_ADMIN_PASSWORD"] = SophiaServer.AdminPassword,
        });
        owned.Insert(0, process);
        var http = new HttpClient { BaseAddress = new Uri(url) };
        await LocalCluster.WaitUntilAsync(async () => (await http.GetAsync("/readyz")).IsSuccessStatusCode, "Sophia to be ready", process);
        return ("sophia embedded", http, [process.Id]);
    }

    private static async Task<(string, HttpClient, IReadOnlyList<int>)> StartClusterAsync(Dictionary<string, string> settings, List<IAsyncDisposable> owned)
    {
        var database = await PostgresTestDatabase.CreateAsync();
        owned.Add(database);
        var cluster = await LocalCluster.StartAsync(database.ConnectionString, ["eu"], settings);
        owned.Insert(0, cluster);
        return ("sophia cluster", cluster.Http, [cluster.Gateway!.Id, .. cluster.Silos.Select(s => s.Id)]);
    }

    private static async Task<string> CreateAccountAsync(HttpClient http, string admin, string username)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { username, role = "member", password = Password }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"creating {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await TokenAsync(http, username, Password);
    }

    private static async Task<string> TokenAsync(HttpClient http, string username, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _owned.OfType<SophiaProcess>().Where(p => p.HasExited))
        {
            Console.WriteLine($"{process.Name} exited with {process.ExitCode}:\n{LocalCluster.Tail(process.Output)}");
        }

        Http.Dispose();
        foreach (var resource in _owned)
        {
            await resource.DisposeAsync();
        }
    }

    private sealed class Disposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            dispose();
            return ValueTask.CompletedTask;
        }
    }

    // The local model keeps every request for tests to read; under load that is only memory, so it is emptied each second.
    private sealed class ForgetRequests : IAsyncDisposable
    {
        private readonly Timer _timer;

        public ForgetRequests(OpenAiCompatibleServer model) => _timer = new Timer(_ => model.Requests.Clear(), null, 1000, 1000);

        public ValueTask DisposeAsync() => _timer.DisposeAsync();
    }
}
