using Sophia.ClientApi.Chat;
using Sophia.Tenancy;
using Sophia.Tests.Tenancy;

namespace Sophia.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class ConversationGrainTests(ClusterFixture fixture)
{
    private async Task<(IConversationGrain Conversation, string User)> NewConversationAsync()
    {
        var user = $"user-{Guid.NewGuid():N}"[..20];
        var summary = await fixture.Grains.GetGrain<IUserGrain>(GrainKeys.Of("acme", user)).CreateConversationAsync("Quarterly plan");
        return (fixture.Grains.GetGrain<IConversationGrain>(GrainKeys.Of("acme", summary.Id)), user);
    }

    /// <summary>Watches the conversation the way the gateway does, until <paramref name="turns"/> answers are done.</summary>
    private async Task<IReadOnlyList<ChatEvent>> ReadUntilDoneAsync(IConversationGrain conversation, string user, int turns)
    {
        var watcher = new ConversationWatcher(fixture.Grains, TimeProvider.System);
        var done = 0;
        return await Within.CollectUntil(watcher.WatchAsync(conversation, user, 0, CancellationToken.None), e => e.Type == ChatEventTypes.Done && ++done == turns, $"{turns} answered turn(s)");
    }

    [Fact]
    public async Task Posted_messages_get_consecutive_sequence_numbers_and_an_honest_offline_answer()
    {
        var (conversation, user) = await NewConversationAsync();

        var first = await conversation.PostAsync(user, "What is our Q3 revenue?", null);
        var events = await ReadUntilDoneAsync(conversation, user, turns: 1);

        Assert.Equal(1, first);
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Seq));
        Assert.Equal((ChatEventTypes.Message, ChatRoles.User, "What is our Q3 revenue?"), (events[0].Type, events[0].Role, events[0].Text));
        Assert.Equal((ChatEventTypes.Delta, events[2].Text), (events[1].Type, events[1].Text));
        Assert.Equal((ChatEventTypes.Message, ChatRoles.Assistant), (events[2].Type, events[2].Role));
        Assert.Contains("Sophia:Llm:Endpoint", events[2].Text);
        Assert.Equal((ChatEventTypes.Done, (TurnUsage?)null), (events[3].Type, events[3].Usage));
    }

    [Fact]
    public async Task Sequence_numbers_continue_after_the_grain_is_deactivated()
    {
        var (conversation, user) = await NewConversationAsync();
        await conversation.PostAsync(user, "one", null);
        await ReadUntilDoneAsync(conversation, user, turns: 1);

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var second = await conversation.PostAsync(user, "two", null);

        Assert.Equal(5, second);
        var events = await ReadUntilDoneAsync(conversation, user, turns: 2);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Another_user_cannot_post_to_or_read_a_conversation()
    {
        var (conversation, _) = await NewConversationAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => conversation.PostAsync("mallory", "hi", null));
        await Assert.ThrowsAsync<ArgumentException>(() => conversation.ReadAsync("mallory", 0, 10, null));
        Assert.Null(await conversation.GetAsync("mallory"));
    }

    [Fact]
    public async Task Oversized_or_blank_message_is_rejected_and_nothing_is_written()
    {
        var (conversation, user) = await NewConversationAsync();

        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => conversation.PostAsync(user, new string('x', ChatLimits.MaxMessageBytes + 1), null));
        await Assert.ThrowsAsync<ArgumentException>(() => conversation.PostAsync(user, "   ", null));

        Assert.Contains("32768", tooLong.Message);
        Assert.Empty(await conversation.ReadAsync(user, 0, 10, null));
    }

    [Fact]
    public async Task Posting_again_with_the_same_request_id_appends_nothing_and_returns_the_first_seq()
    {
        var (conversation, user) = await NewConversationAsync();

        var first = await conversation.PostAsync(user, "pay the invoice", "request-1");
        await ReadUntilDoneAsync(conversation, user, turns: 1);
        var again = await conversation.PostAsync(user, "pay the invoice", "request-1");
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var afterReactivation = await conversation.PostAsync(user, "pay the invoice", "request-1");

        Assert.Equal(first, again);
        Assert.Equal(first, afterReactivation);
        Assert.Single(await conversation.ReadAsync(user, 0, 100, ChatEventTypes.Message), m => m.Role == ChatRoles.User);
    }

    [Fact]
    public async Task A_message_of_exactly_32_KB_is_accepted()
    {
        var (conversation, user) = await NewConversationAsync();

        Assert.Equal(1, await conversation.PostAsync(user, new string('x', ChatLimits.MaxMessageBytes), null));
    }

    [Fact]
    public async Task Title_longer_than_200_characters_is_rejected_and_no_conversation_is_listed()
    {
        var userGrain = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.Of("acme", "titles"));

        await Assert.ThrowsAsync<ArgumentException>(() => userGrain.CreateConversationAsync(new string('t', 201)));

        Assert.Empty(await userGrain.ListConversationsAsync());
    }

    [Fact]
    public async Task User_password_is_verified()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.Of("acme", "pat"));
        Assert.False(await user.ExistsAsync());

        await user.ProvisionAsync("correct horse battery");

        Assert.True(await user.ExistsAsync());
        Assert.True(await user.SignsInWithAsync("correct horse battery"));
        Assert.False(await user.SignsInWithAsync("wrong password"));
    }

    [Fact]
    public async Task A_user_is_created_once_and_a_second_create_changes_nothing()
    {
        var user = fixture.Grains.GetGrain<IUserGrain>(GrainKeys.Of("acme", "first-start"));

        var created = await Task.WhenAll(user.ProvisionAsync("password-one-long"), user.ProvisionAsync("password-two-long"));

        Assert.Equal(1, created.Count(c => c));
        Assert.True(await user.SignsInWithAsync(created[0] ? "password-one-long" : "password-two-long"));
    }

    [Fact]
    public async Task An_agents_history_is_the_logs_last_messages_before_and_after_the_grain_is_deactivated()
    {
        var (conversation, user) = await NewConversationAsync();
        async Task<IReadOnlyList<ChatEvent>> LoggedMessagesAsync() => await conversation.ReadAsync(user, 0, 1000, ChatEventTypes.Message);
        async Task AssertHistoryIsTheLogsAsync()
        {
            var logged = await LoggedMessagesAsync();
            foreach (var (upto, count) in new[] { (logged[^1].Seq, 40), (logged[^1].Seq, 128), (logged[10].Seq, 40), (logged[^20].Seq, 40), (long.MaxValue, 500) })
            {
                var expected = logged.Where(m => m.Seq <= upto).TakeLast(count).Select(m => (m.Seq, m.Text));
                Assert.Equal(expected, (await conversation.ReadRecentMessagesAsync(upto, count)).Select(m => (m.Seq, m.Text)));
            }
        }

        for (var turn = 1; turn <= 70; turn++)
        {
            await conversation.PostAsync(user, $"message {turn}", null);
            await ReadUntilDoneAsync(conversation, user, turns: turn);
            if (turn is 1 or 40)
            {
                Assert.Equal((await LoggedMessagesAsync()).TakeLast(40).Select(m => m.Seq), (await conversation.ReadRecentMessagesAsync(long.MaxValue, 40)).Select(m => m.Seq));
            }
        }

        await AssertHistoryIsTheLogsAsync();
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await AssertHistoryIsTheLogsAsync();
        await conversation.PostAsync(user, "after the deactivation", null);
        await ReadUntilDoneAsync(conversation, user, turns: 71);
        await AssertHistoryIsTheLogsAsync();
        Assert.Equal("after the deactivation", (await conversation.ReadRecentMessagesAsync(long.MaxValue, 2))[0].Text);

        // Long messages: fewer of them are kept beside the conversation, and the history is still the log's.
        await conversation.PostAsync(user, new string('a', 20_000), null);
        await conversation.PostAsync(user, new string('b', 30_000), null);
        await ReadUntilDoneAsync(conversation, user, turns: 73);
        await AssertHistoryIsTheLogsAsync();
    }
}
