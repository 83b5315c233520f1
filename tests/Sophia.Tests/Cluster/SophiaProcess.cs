using System.Diagnostics;
using System.Text;

namespace Sophia.Tests.Cluster;

/// <summary>A silo or gateway running as its own OS process, so it can be killed the way production processes die.</summary>
public sealed class SophiaProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SophiaProcess(string name, string dll, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        Name = name;
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>The operating system's process id, for reading its CPU time and memory.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What the process printed, for failure messages.</summary>
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

    public static SophiaProcess Start(string name, string dll, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        new(name, dll, environment, arguments);

    /// <summary>SIGKILL: no shutdown code runs, like a crashed machine.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM: what an orchestrator sends to drain a process.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    public Task WaitForExitAsync(TimeSpan timeout) => Within.Wait(_process.WaitForExitAsync().ContinueWith(_ => 0), $"{Name} to exit", timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
