using System.Diagnostics;
using Sophia.Chat;

namespace Sophia.Agents.Turns;

/// <summary>A turn for the mediator to run: a message to answer, one a crash cut off, or one to continue after its approval was decided.</summary>
public sealed record QueuedTurn(long Seq, ActivityContext Trace, bool Resumed = false, string? ApprovalId = null);

/// <summary>
/// The mediator's turns in the order of their messages. One runs at a time; a turn paused for a person's approval holds
/// the turns behind it until it is decided or stopped. The conversation's log is the truth of which turns are open;
/// <see cref="Sync"/> brings this queue in line with it after any loss.
/// </summary>
public sealed class TurnQueue
{
    private readonly List<QueuedTurn> _pending = [];

    /// <summary>The turn being run, if any.</summary>
    public QueuedTurn? Running { get; private set; }

    /// <summary>The turn waiting for an approval, if any.</summary>
    public long? Paused { get; private set; }

    public IReadOnlyList<QueuedTurn> Pending => _pending;

    /// <summary>Takes the open turns as the conversation's log has them: adds the missing ones, drops those no longer open.</summary>
    public void Sync(IReadOnlyList<OpenTurn> open, ActivityContext trace)
    {
        var openSeqs = open.Select(t => t.Seq).ToHashSet();
        _pending.RemoveAll(p => !openSeqs.Contains(p.Seq));
        if (Paused is { } paused && !openSeqs.Contains(paused))
        {
            Paused = null;
        }

        foreach (var turn in open.Where(t => !IsKnown(t.Seq)))
        {
            _pending.Add(new QueuedTurn(turn.Seq, trace, Resumed: turn.Started));
        }

        var ordered = _pending.OrderBy(p => p.ApprovalId is null).ThenBy(p => p.Seq).ToList();
        _pending.Clear();
        _pending.AddRange(ordered);
    }

    /// <summary>Marks the turn as waiting for a person (e.g. after a restart, from the persisted turn log).</summary>
    public void Pause(long seq) => Paused = seq;

    /// <summary>
    /// Puts the paused turn first, to continue from its decided approval. False when that continuation is already
    /// queued or running (a repeated resume), so a decision is acted on once.
    /// </summary>
    public bool ResumeAfterApproval(long seq, string approvalId, ActivityContext trace)
    {
        if (Running is { ApprovalId: var running } && running == approvalId || _pending.Any(p => p.ApprovalId == approvalId))
        {
            return false;
        }

        _pending.RemoveAll(p => p.Seq == seq);
        _pending.Insert(0, new QueuedTurn(seq, trace, ApprovalId: approvalId));
        if (Paused == seq)
        {
            Paused = null;
        }

        return true;
    }

    /// <summary>The next turn to run, or null while one runs, one waits for a person, or none is queued.</summary>
    public QueuedTurn? TakeNext()
    {
        if (Running is not null || Paused is not null || _pending.Count == 0)
        {
            return null;
        }

        Running = _pending[0];
        _pending.RemoveAt(0);
        return Running;
    }

    /// <summary>The running turn ended: answered, paused for an approval, or cut off (then it runs again, first).</summary>
    public void Finished(TurnEnd end)
    {
        var turn = Running ?? throw new InvalidOperationException("No turn is running.");
        Running = null;
        if (end == TurnEnd.Paused && _pending.All(p => p.Seq != turn.Seq))
        {
            Paused = turn.Seq;
        }
        else if (end == TurnEnd.Failed)
        {
            _pending.Insert(0, turn with { Resumed = true, ApprovalId = null });
        }
    }

    /// <summary>Drops every queued and paused turn (the conversation stops them all); the running one is cancelled by the caller.</summary>
    public void Clear()
    {
        _pending.Clear();
        Paused = null;
    }

    private bool IsKnown(long seq) => Running?.Seq == seq || Paused == seq || _pending.Any(p => p.Seq == seq);
}

/// <summary>How a turn's run ended.</summary>
public enum TurnEnd
{
    /// <summary>Its answer (or error) was written: the turn is closed.</summary>
    Answered,

    /// <summary>It waits for a person's decision.</summary>
    Paused,

    /// <summary>It could not write what it had to (e.g. its conversation was unreachable); it runs again.</summary>
    Failed,
}
