namespace Sophia.Tests.Cluster;

/// <summary>One conversation on a cluster receiving a message every 100 ms through the gateway, until stopped.</summary>
public sealed class ConversationUnderLoad : IAsyncDisposable
{
    private readonly LocalCluster _cluster;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sending;

    private ConversationUnderLoad(LocalCluster cluster, string token, string conversationId)
    {
        _cluster = cluster;
        Token = token;
        ConversationId = conversationId;
        Sender = new MessageSender(cluster.Http, token, conversationId);
        _sending = Sender.RunAsync(TimeSpan.FromMilliseconds(100), _stop.Token);
    }

    public string Token { get; }

    public string ConversationId { get; }

    public MessageSender Sender { get; }

    /// <summary>Starts the load and returns once <paramref name="acknowledged"/> sends were acknowledged.</summary>
    public static async Task<ConversationUnderLoad> StartAsync(LocalCluster cluster, int acknowledged)
    {
        var token = await cluster.TokenAsync();
        var load = new ConversationUnderLoad(cluster, token, await ClusterChat.CreateConversationAsync(cluster.Http, token));
        await Within.Wait(ClusterChat.UntilAsync(() => load.Sender.Results.Count(r => r.Seq is not null) >= acknowledged), $"{acknowledged} acknowledged sends");
        return load;
    }

    /// <summary>The silo process hosting the conversation now (needs <see cref="LocalCluster.ConnectClientAsync"/>).</summary>
    public Task<SophiaProcess> HostAsync() => _cluster.HostOfAsync("conversation", GrainKeys.Of(GrainKeys.DefaultTenant, ConversationId));

    /// <summary>Keeps sending for <paramref name="duration"/> after <paramref name="since"/> (on the sender's clock).</summary>
    public Task KeepSendingAsync(TimeSpan since, TimeSpan duration) =>
        Within.Wait(ClusterChat.UntilAsync(() => Sender.Now - since > duration), $"{duration.TotalSeconds:0} s more of sending");

    /// <summary>Stops sending, waits for the sends in flight, and returns every send's result.</summary>
    public async Task<IReadOnlyList<SendResult>> StopAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        return Sender.Results;
    }

    /// <summary>The user messages of the log by seq; fails if a seq appears twice.</summary>
    public Task<Dictionary<long, string>> LogAsync() => ClusterChat.UserMessagesAsync(_cluster.Http, Token, ConversationId);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
