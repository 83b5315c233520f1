using System.Threading.Channels;

namespace Sophia.ClientApi.Chat;

/// <summary>Buffers the events a conversation pushes to one watcher.</summary>
public sealed class ChannelChatObserver : IChatObserver
{
    private readonly Channel<ChatEvent> _events = Channel.CreateBounded<ChatEvent>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    // Released when an event may have arrived. A wait that ends without one returns false instead of throwing: every
    // watcher's wait ends that way each refresh, and thousands of watchers would otherwise each throw.
    private readonly SemaphoreSlim _arrived = new(0);

    // A dropped event shows up as a gap in sequence numbers, which the watcher fills from the log.
    public Task OnEventsAsync(IReadOnlyList<ChatEvent> events)
    {
        foreach (var e in events)
        {
            _events.Writer.TryWrite(e);
        }

        if (_arrived.CurrentCount == 0)
        {
            _arrived.Release();
        }

        return Task.CompletedTask;
    }

    /// <summary>The next event pushed, or null when none came within <paramref name="timeout"/>.</summary>
    public async Task<ChatEvent?> NextAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        ChatEvent? pushed;
        while (!_events.Reader.TryRead(out pushed))
        {
            var left = deadline - Environment.TickCount64;
            if (left <= 0 || !await _arrived.WaitAsync(TimeSpan.FromMilliseconds(left), cancellationToken))
            {
                return null;
            }
        }

        return pushed;
    }
}
