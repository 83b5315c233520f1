using Sophia.Tests.Cluster;

namespace Sophia.Tests.Gpu;

/// <summary>A real <c>--role embed-worker</c> silo process on a free loopback port, ready once its health check answers.</summary>
public sealed class EmbedWorkerProcess : IAsyncDisposable
{
    private readonly SophiaProcess _process;

    private EmbedWorkerProcess(SophiaProcess process, string baseUrl) => (_process, BaseUrl) = (process, baseUrl);

    /// <summary>Base URL, as operators configure it in <c>Sophia:Gpu:Workers</c>.</summary>
    public string BaseUrl { get; }

    public string Output => _process.Output;

    public static async Task<EmbedWorkerProcess> StartAsync(string name, string? apiKey = null)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        if (apiKey is not null)
        {
            environment["Sophia__Gpu__WorkerApiKey"] = apiKey;
        }

        var process = SophiaProcess.Start(name, RepoPaths.SiloDll, environment, "--role", "embed-worker", "--urls", baseUrl);
        var worker = new EmbedWorkerProcess(process, baseUrl);
        try
        {
            await Within.Wait(worker.HealthyAsync(), $"{name} to answer its health check", TimeSpan.FromSeconds(60));
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, like a lost GPU instance.</summary>
    public void Kill() => _process.Kill();

    private async Task<bool> HealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.Name} exited before it was healthy:\n{_process.Output}");
            }

            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
