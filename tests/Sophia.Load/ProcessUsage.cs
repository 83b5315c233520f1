using System.Diagnostics;

namespace Sophia.Load;

/// <summary>CPU time and resident memory of the server's processes, read between two points of a run.</summary>
public sealed class ProcessUsage
{
    private readonly IReadOnlyList<int> _pids;
    private readonly TimeSpan _cpuAtStart;
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    private ProcessUsage(IReadOnlyList<int> pids) => (_pids, _cpuAtStart) = (pids, CpuOf(pids));

    public static ProcessUsage Start(IReadOnlyList<int> pids) => new(pids);

    /// <summary>CPU used since the start as a percentage of one core (200 is both cores of this machine busy).</summary>
    public double CpuPercent => (CpuOf(_pids) - _cpuAtStart).TotalSeconds / Stopwatch.GetElapsedTime(_startedAt).TotalSeconds * 100;

    public double ResidentMegabytes => _pids.Sum(pid => Read(pid, p => p.WorkingSet64)) / 1024.0 / 1024.0;

    private static TimeSpan CpuOf(IReadOnlyList<int> pids) => TimeSpan.FromTicks(pids.Sum(pid => Read(pid, p => p.TotalProcessorTime.Ticks)));

    private static long Read(int pid, Func<Process, long> value)
    {
        using var process = Process.GetProcessById(pid);
        return value(process);
    }
}
