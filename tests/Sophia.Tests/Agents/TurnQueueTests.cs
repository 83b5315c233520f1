using Sophia.Agents.Turns;

namespace Sophia.Tests.Agents;

/// <summary>The mediator's queue of turns, without a cluster: order, pauses for approvals, and catching up with the log.</summary>
public sealed class TurnQueueTests
{
    private static OpenTurn Open(long seq, bool started = false) => new(seq, started);

    [Fact]
    public void Turns_run_one_at_a_time_in_the_order_of_their_messages()
    {
        var queue = new TurnQueue();
        queue.Sync([Open(5), Open(3)], default);

        Assert.Equal(3, queue.TakeNext()!.Seq);
        Assert.Null(queue.TakeNext());
        queue.Finished(TurnEnd.Answered);
        Assert.Equal(5, queue.TakeNext()!.Seq);
    }

    [Fact]
    public void A_turn_the_log_shows_started_resumes_and_a_repeated_sync_changes_nothing()
    {
        var queue = new TurnQueue();
        queue.Sync([Open(3, started: true), Open(5)], default);
        queue.Sync([Open(3, started: true), Open(5)], default);

        var first = queue.TakeNext()!;
        queue.Sync([Open(3, started: true), Open(5)], default);

        Assert.True(first.Resumed);
        Assert.Equal([5L], queue.Pending.Select(p => p.Seq));
        Assert.False(queue.Pending[0].Resumed);
    }

    [Fact]
    public void A_paused_turn_holds_the_ones_behind_it_until_its_decision_and_then_goes_first()
    {
        var queue = new TurnQueue();
        queue.Sync([Open(3), Open(5)], default);
        queue.TakeNext();
        queue.Finished(TurnEnd.Paused);

        Assert.Null(queue.TakeNext());
        queue.Sync([Open(3, started: true), Open(5), Open(7)], default);
        Assert.Null(queue.TakeNext());

        Assert.True(queue.ResumeAfterApproval(3, "a1", default));
        var resumed = queue.TakeNext()!;
        Assert.Equal((3L, "a1"), (resumed.Seq, resumed.ApprovalId));
        Assert.False(queue.ResumeAfterApproval(3, "a1", default));
        queue.Finished(TurnEnd.Answered);
        Assert.Equal(5, queue.TakeNext()!.Seq);
    }

    [Fact]
    public void A_decision_that_arrives_while_the_turn_is_still_pausing_is_not_lost()
    {
        var queue = new TurnQueue();
        queue.Sync([Open(3), Open(5)], default);
        queue.TakeNext();

        Assert.True(queue.ResumeAfterApproval(3, "a1", default));
        queue.Finished(TurnEnd.Paused);

        Assert.Null(queue.Paused);
        Assert.Equal("a1", queue.TakeNext()!.ApprovalId);
    }

    [Fact]
    public void A_turn_the_log_no_longer_has_open_is_dropped_even_while_paused()
    {
        var queue = new TurnQueue();
        queue.Pause(3);
        queue.Sync([Open(9)], default);

        Assert.Null(queue.Paused);
        Assert.Equal(9, queue.TakeNext()!.Seq);
    }

    [Fact]
    public void A_turn_that_could_not_write_its_events_runs_again_first_as_resumed()
    {
        var queue = new TurnQueue();
        queue.Sync([Open(3), Open(5)], default);
        queue.TakeNext();
        queue.Finished(TurnEnd.Failed);

        var again = queue.TakeNext()!;
        Assert.Equal((3L, true), (again.Seq, again.Resumed));
    }

    [Fact]
    public void Clearing_drops_the_queued_and_the_paused_turns()
    {
        var queue = new TurnQueue();
        queue.Sync([Open(3), Open(5)], default);
        queue.Pause(1);
        queue.Clear();

        Assert.Null(queue.TakeNext());
        Assert.Empty(queue.Pending);
    }
}
