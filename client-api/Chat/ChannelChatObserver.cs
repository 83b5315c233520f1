using System.Threading.Channels;

namespace Sophia.ClientApi.Chat;

/// <summary>Buffers the events a conversation pushes to one watcher.</summary>
public sealed class ChannelChatObserver : IChatObserver
{
    private readonly Channel<ChatEvent> _events = Channel.CreateBounded<ChatEvent>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<ChatEvent> Events => _events.Reader;

    // A dropped event shows up as a gap in sequence numbers, which the watcher fills from the log.
    public Task OnEventAsync(ChatEvent chatEvent)
    {
        _events.Writer.TryWrite(chatEvent);
        return Task.CompletedTask;
    }
}
