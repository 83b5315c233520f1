using System.Collections.Concurrent;

namespace Sophia.Tests.Fuzz;

/// <summary>What the fuzz run saw: requests per family, answers per status, server faults and dropped connections, with examples.</summary>
public sealed class FuzzTally
{
    private const int Examples = 8;

    private readonly ConcurrentDictionary<string, int> _families = new();
    private readonly ConcurrentDictionary<string, int> _statuses = new();
    private readonly ConcurrentQueue<string> _faults = new();
    private readonly ConcurrentQueue<string> _dropped = new();
    private readonly ConcurrentQueue<string> _silent = new();

    public int Total => _families.Values.Sum();

    public int Faults { get; private set; }

    public int Dropped { get; private set; }

    public int Silent { get; private set; }

    public IEnumerable<string> FaultExamples => _faults;

    public IEnumerable<string> DroppedExamples => _dropped;

    public IEnumerable<string> SilentExamples => _silent;

    public void Answered(string family, string status, string? fault = null, string? silent = null)
    {
        _families.AddOrUpdate(family, 1, (_, n) => n + 1);
        _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        if (fault is not null)
        {
            lock (_faults)
            {
                Faults++;
            }

            Keep(_faults, fault);
        }

        if (silent is not null)
        {
            lock (_silent)
            {
                Silent++;
            }

            Keep(_silent, silent);
        }
    }

    public void Drop(string family, string what)
    {
        _families.AddOrUpdate(family, 1, (_, n) => n + 1);
        _statuses.AddOrUpdate("dropped", 1, (_, n) => n + 1);
        lock (_dropped)
        {
            Dropped++;
        }

        Keep(_dropped, what);
    }

    public string Report() =>
        $"requests: {Total} ({string.Join(", ", _families.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))})\n" +
        $"answers: {string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}\n" +
        $"5xx (server faults): {Faults}\ndropped: {Dropped}\n4xx without a message: {Silent}\n" +
        string.Join("\n", _faults.Concat(_dropped).Concat(_silent).Select(e => $"  {e}"));

    private static void Keep(ConcurrentQueue<string> examples, string example)
    {
        if (examples.Count < Examples)
        {
            examples.Enqueue(example.Length > 400 ? example[..400] + "…" : example);
        }
    }
}
