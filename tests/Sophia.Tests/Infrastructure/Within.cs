namespace Sophia.Tests.Infrastructure;

/// <summary>Awaits something that should happen soon, failing with what was awaited.</summary>
public static class Within
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static async Task<T> Wait<T>(Task<T> task, string what, TimeSpan? timeout = null)
    {
        try
        {
            return await task.WaitAsync(timeout ?? Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {(timeout ?? Default).TotalSeconds:0}s waiting for {what}.");
        }
    }

    /// <summary>Reads a stream until an event matches <paramref name="last"/>; returns everything read, that event included.</summary>
    public static Task<List<ChatEvent>> CollectUntil(IAsyncEnumerable<ChatEvent> stream, Func<ChatEvent, bool> last, string what, TimeSpan? timeout = null)
    {
        async Task<List<ChatEvent>> Collect()
        {
            var events = new List<ChatEvent>();
            await foreach (var e in stream)
            {
                events.Add(e);
                if (last(e))
                {
                    return events;
                }
            }

            throw new InvalidOperationException($"The stream ended before {what}; got: {string.Join(", ", events.Select(e => $"{e.Seq}:{e.Type}"))}");
        }

        return Wait(Collect(), what, timeout);
    }
}
