using System.Data.Common;

namespace Sophia.Tests.Postgres;

/// <summary>What every <see cref="IMessageLog"/> must do, run against each implementation by a derived class.</summary>
public abstract class MessageLogContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    protected IMessageLog Log { get; private set; } = null!;

    protected abstract Task<IMessageLog> OpenLogAsync();

    protected abstract Task CloseLogAsync();

    public async Task InitializeAsync() => Log = await OpenLogAsync();

    public Task DisposeAsync() => CloseLogAsync();

    private static string NewConversation() => $"acme/{Guid.NewGuid():N}";

    private static ChatEvent Event(long seq, string type = ChatEventTypes.Message, string role = ChatRoles.User) =>
        new(seq, type, role, $"event {seq}", Start.AddSeconds(seq));

    private static ChatEvent[] Events(long from, long to, string type = ChatEventTypes.Message) =>
        [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(seq => Event(seq, type))];

    [Fact]
    public async Task Appended_events_read_back_whole_and_in_sequence_order()
    {
        var conversation = NewConversation();
        var first = Events(1, 3);
        var second = new[] { Event(4, ChatEventTypes.Delta, ChatRoles.Assistant), Event(5, ChatEventTypes.Done, ChatRoles.Assistant) };

        await Log.AppendAsync(conversation, first);
        await Log.AppendAsync(conversation, second);

        Assert.Equal([.. first, .. second], await Log.ReadAsync(conversation, 0, 100, null));
    }

    [Fact]
    public async Task Open_turns_are_the_posted_messages_whose_turn_has_no_done_or_error_yet()
    {
        var conversation = NewConversation();
        ChatEvent Of(long seq, string type, string role, long turn) => Event(seq, type, role) with { Turn = turn };
        await Log.AppendAsync(conversation, [
            Of(1, ChatEventTypes.Message, ChatRoles.User, 0), Of(2, ChatEventTypes.Message, ChatRoles.Assistant, 0),
            Of(3, ChatEventTypes.Message, ChatRoles.User, 3), Of(4, ChatEventTypes.Message, ChatRoles.User, 4),
            Of(5, ChatEventTypes.Delta, ChatRoles.Assistant, 3), Of(6, ChatEventTypes.Message, ChatRoles.User, 6),
            Of(7, ChatEventTypes.Message, ChatRoles.Assistant, 3), Of(8, ChatEventTypes.Done, ChatRoles.Assistant, 3),
            Of(9, ChatEventTypes.Delta, ChatRoles.Assistant, 4)]);

        Assert.Equal([new OpenTurn(4, Started: true), new OpenTurn(6, Started: false)], await Log.OpenTurnsAsync(conversation));
        Assert.Equal(4, (await Log.ReadAsync(conversation, 8, 10, null))[0].Turn);
        Assert.Empty(await Log.OpenTurnsAsync(NewConversation()));
    }

    [Fact]
    public async Task Event_time_reads_back_to_the_millisecond_whatever_its_offset()
    {
        var conversation = NewConversation();
        var at = new DateTimeOffset(2025, 6, 1, 23, 30, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567);

        await Log.AppendAsync(conversation, [new ChatEvent(1, ChatEventTypes.Message, ChatRoles.User, "when", at)]);
        var read = Assert.Single(await Log.ReadAsync(conversation, 0, 10, null));

        Assert.Equal(new DateTimeOffset(2025, 6, 1, 21, 30, 0, 123, TimeSpan.Zero), read.At);
    }

    [Fact]
    public async Task A_type_filter_returns_only_events_of_that_type_in_order()
    {
        var conversation = NewConversation();
        await Log.AppendAsync(conversation, [
            Event(1), Event(2, ChatEventTypes.Delta, ChatRoles.Assistant), Event(3, ChatEventTypes.Delta, ChatRoles.Assistant),
            Event(4, ChatEventTypes.Message, ChatRoles.Assistant), Event(5, ChatEventTypes.Done, ChatRoles.Assistant), Event(6)]);

        var messages = await Log.ReadAsync(conversation, 0, 100, ChatEventTypes.Message);
        var deltas = await Log.ReadAsync(conversation, 0, 100, ChatEventTypes.Delta);

        Assert.Equal([1L, 4L, 6L], messages.Select(e => e.Seq));
        Assert.Equal([2L, 3L], deltas.Select(e => e.Seq));
        Assert.Empty(await Log.ReadAsync(conversation, 0, 100, ChatEventTypes.Error));
    }

    [Fact]
    public async Task A_limit_returns_the_first_events_after_the_sequence_number()
    {
        var conversation = NewConversation();
        await Log.AppendAsync(conversation, Events(1, 10));

        Assert.Equal([1L, 2L, 3L], (await Log.ReadAsync(conversation, 0, 3, null)).Select(e => e.Seq));
        Assert.Equal([5L, 6L], (await Log.ReadAsync(conversation, 4, 2, null)).Select(e => e.Seq));
        Assert.Empty(await Log.ReadAsync(conversation, 0, 0, null));
    }

    [Fact]
    public async Task Reading_after_a_sequence_number_starts_just_after_it()
    {
        var conversation = NewConversation();
        await Log.AppendAsync(conversation, Events(1, 5));

        Assert.Equal([4L, 5L], (await Log.ReadAsync(conversation, 3, 100, null)).Select(e => e.Seq));
        Assert.Equal([3L, 4L, 5L], (await Log.ReadAsync(conversation, 2, 100, ChatEventTypes.Message)).Select(e => e.Seq));
        Assert.Empty(await Log.ReadAsync(conversation, 5, 100, null));
    }

    [Fact]
    public async Task Recent_events_are_the_newest_of_a_type_up_to_and_including_a_sequence_number_oldest_first()
    {
        var conversation = NewConversation();
        await Log.AppendAsync(conversation, [
            Event(1), Event(2, ChatEventTypes.Delta, ChatRoles.Assistant), Event(3), Event(4), Event(5, ChatEventTypes.Done, ChatRoles.Assistant), Event(6), Event(7)]);

        Assert.Equal([3L, 4L, 6L], (await Log.ReadRecentAsync(conversation, 6, 3, ChatEventTypes.Message)).Select(e => e.Seq));
        Assert.Equal([1L, 3L], (await Log.ReadRecentAsync(conversation, 3, 10, ChatEventTypes.Message)).Select(e => e.Seq));
        Assert.Equal([2L], (await Log.ReadRecentAsync(conversation, 7, 10, ChatEventTypes.Delta)).Select(e => e.Seq));
        Assert.Empty(await Log.ReadRecentAsync(conversation, 7, 10, ChatEventTypes.Error));
    }

    [Fact]
    public async Task Last_is_the_newest_event_or_null_when_there_is_none()
    {
        var conversation = NewConversation();
        Assert.Null(await Log.LastAsync(conversation));

        await Log.AppendAsync(conversation, Events(1, 3));
        await Log.AppendAsync(conversation, [Event(4, ChatEventTypes.Done, ChatRoles.Assistant)]);

        Assert.Equal(Event(4, ChatEventTypes.Done, ChatRoles.Assistant), await Log.LastAsync(conversation));
    }

    [Fact]
    public async Task A_batch_with_a_taken_sequence_number_fails_entirely_and_keeps_the_first()
    {
        var conversation = NewConversation();
        await Log.AppendAsync(conversation, [Event(1)]);

        await Assert.ThrowsAnyAsync<DbException>(() => Log.AppendAsync(conversation, [
            Event(2), new ChatEvent(1, ChatEventTypes.Message, ChatRoles.User, "duplicate", Start)]));

        Assert.Equal([Event(1)], await Log.ReadAsync(conversation, 0, 100, null));
        Assert.Equal(1, (await Log.LastAsync(conversation))!.Seq);
    }

    [Fact]
    public async Task Appends_of_many_conversations_at_once_are_all_kept_and_a_refused_one_fails_alone()
    {
        var refusedIn = NewConversation();
        await Log.AppendAsync(refusedIn, [Event(1)]);
        var conversations = Enumerable.Range(0, 300).Select(_ => NewConversation()).ToList();

        var appends = conversations.Select(c => Log.AppendAsync(c, Events(1, 2))).ToList();
        var refused = Log.AppendAsync(refusedIn, [new ChatEvent(1, ChatEventTypes.Message, ChatRoles.User, "duplicate", Start)]);
        appends.AddRange(conversations.Select(c => Log.AppendAsync(c, [Event(3)])));
        await Task.WhenAll(appends);

        await Assert.ThrowsAnyAsync<DbException>(() => refused);
        foreach (var conversation in conversations)
        {
            Assert.Equal(Events(1, 3), await Log.ReadAsync(conversation, 0, 100, null));
        }

        Assert.Equal([Event(1)], await Log.ReadAsync(refusedIn, 0, 100, null));
    }

    [Fact]
    public async Task A_request_id_is_found_again_and_cannot_append_twice()
    {
        var conversation = NewConversation();
        var other = NewConversation();
        await Log.AppendAsync(conversation, [Event(1)], requestId: "req-1");
        await Log.AppendAsync(other, [Event(1)], requestId: "req-1");

        await Assert.ThrowsAnyAsync<DbException>(() => Log.AppendAsync(conversation, [Event(2)], requestId: "req-1"));

        Assert.Equal(1, await Log.FindRequestAsync(conversation, "req-1"));
        Assert.Null(await Log.FindRequestAsync(conversation, "req-2"));
        Assert.Equal([Event(1)], await Log.ReadAsync(conversation, 0, 100, null));
    }

    [Fact]
    public async Task A_turns_usage_reads_back_with_its_done_event()
    {
        var conversation = NewConversation();
        var done = Event(2, ChatEventTypes.Done, ChatRoles.Assistant) with { Usage = new TurnUsage("mediator", "gpt-x", 1200, 345) };

        await Log.AppendAsync(conversation, [Event(1), done]);

        Assert.Equal([Event(1), done], await Log.ReadAsync(conversation, 0, 100, null));
    }

    [Fact]
    public async Task Conversations_are_isolated_from_each_other()
    {
        var ours = NewConversation();
        var theirs = NewConversation();
        await Log.AppendAsync(ours, Events(1, 3));
        await Log.AppendAsync(theirs, [new ChatEvent(1, ChatEventTypes.Message, ChatRoles.User, "theirs", Start)]);

        Assert.Equal(Events(1, 3), await Log.ReadAsync(ours, 0, 100, null));
        Assert.Equal("theirs", Assert.Single(await Log.ReadAsync(theirs, 0, 100, null)).Text);
        Assert.Equal(3, (await Log.LastAsync(ours))!.Seq);
        Assert.Equal(1, (await Log.LastAsync(theirs))!.Seq);
        Assert.Equal([1L], (await Log.ReadRecentAsync(theirs, 10, 10, ChatEventTypes.Message)).Select(e => e.Seq));
    }
}
