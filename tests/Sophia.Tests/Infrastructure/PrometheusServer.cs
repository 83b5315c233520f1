using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Sophia.Tests.Infrastructure;

/// <summary>Debian's Prometheus or Alertmanager, started on a free loopback port with a generated configuration and a temp store.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempFolder _folder;
    private readonly StringBuilder _output = new();

    private PrometheusServer(Process process, TempFolder folder, string url) => (_process, _folder, Url, Http) = (process, folder, url, new HttpClient { BaseAddress = new Uri(url) });

    public string Url { get; }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Prometheus with this configuration (YAML); rule files must be named by absolute path.</summary>
    public static Task<PrometheusServer> StartPrometheusAsync(string configuration) => StartAsync("prometheus", configuration, (folder, address) =>
        ["--config.file", Path.Combine(folder, "config.yml"), "--storage.tsdb.path", Path.Combine(folder, "data"), "--web.listen-address", address]);

    public static Task<PrometheusServer> StartAlertmanagerAsync(string configuration) => StartAsync("prometheus-alertmanager", configuration, (folder, address) =>
        ["--config.file", Path.Combine(folder, "config.yml"), "--storage.path", Path.Combine(folder, "data"), "--web.listen-address", address,
            "--cluster.listen-address", ""]);

    /// <summary>The value of an instant query's first sample, or null when it has none.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        var answer = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/query?query={Uri.EscapeDataString(promql)}");
        var result = answer.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    private static async Task<PrometheusServer> StartAsync(string binary, string configuration, Func<string, string, string[]> arguments)
    {
        var folder = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "config.yml"), configuration);
        var address = $"127.0.0.1:{FreePort.Next()}";
        var start = new ProcessStartInfo(binary, arguments(folder.Path, address)) { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start.");
        var server = new PrometheusServer(process, folder, $"http://{address}");
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Within.Wait(server.ReadyAsync(), $"{binary} to answer /-/ready:\n{server.Output}");
        return server;
    }

    private async Task<int> ReadyAsync()
    {
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited:\n{Output}");
            }

            try
            {
                if ((await Http.GetAsync("/-/ready")).IsSuccessStatusCode)
                {
                    return 0;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Http.Dispose();
        _folder.Dispose();
    }
}
