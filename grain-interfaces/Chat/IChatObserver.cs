namespace Sophia.Chat;

/// <summary>Receives a conversation's events as they are appended.</summary>
[Alias("sophia.IChatObserver")]
public interface IChatObserver : IGrainObserver
{
    /// <summary>Called once per appended event, after it is durable.</summary>
    [OneWay, Alias("OnEvent")]
    Task OnEventAsync(ChatEvent chatEvent);
}
