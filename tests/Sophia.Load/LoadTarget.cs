namespace Sophia.Load;

/// <summary>A server under load: its processes (for CPU and memory) and how one simulated user talks to it.</summary>
public interface ILoadTarget : IAsyncDisposable
{
    string Name { get; }

    IReadOnlyList<int> ProcessIds { get; }

    /// <summary>Connects user number <paramref name="user"/>: signed in, a conversation of their own opened and watched.</summary>
    Task<ILoadSession> OpenSessionAsync(int user, CancellationToken cancellationToken);
}

/// <summary>One simulated user's connection.</summary>
public interface ILoadSession : IAsyncDisposable
{
    /// <summary>Sends a message; answers when it was acknowledged and when its answer ended, in ms after the send.</summary>
    Task<TurnTiming> SendAsync(string text, CancellationToken cancellationToken);

    /// <summary>One OpenAI-compatible chat completion; answers its duration in ms.</summary>
    Task<double> CompleteAsync(string text, CancellationToken cancellationToken);
}

public readonly record struct TurnTiming(double AckMs, double TurnMs);
