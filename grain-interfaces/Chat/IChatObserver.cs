namespace Sophia.Chat;

/// <summary>Receives a conversation's events as they are appended.</summary>
[Alias("sophia.IChatObserver")]
public interface IChatObserver : IGrainObserver
{
    /// <summary>Called once per append with the events it made durable, in order.</summary>
    [OneWay, Alias("OnEvents")]
    Task OnEventsAsync(IReadOnlyList<ChatEvent> events);
}
