namespace Sophia.Chat;

/// <summary>
/// A conversation's newest messages kept beside its activation, so an agent's history for each turn is not read from
/// the log again. It holds every message from <c>_from</c> on, or nothing until it was first filled from the log.
/// </summary>
internal sealed class RecentMessages(int capacity)
{
    private readonly List<ChatEvent> _messages = [];
    private long? _from;

    /// <summary>The last <paramref name="count"/> messages up to <paramref name="uptoSeq"/>, when all of them are held.</summary>
    public IReadOnlyList<ChatEvent>? TryRead(long uptoSeq, int count)
    {
        if (_from is not { } from)
        {
            return null;
        }

        var upto = _messages.FindLastIndex(m => m.Seq <= uptoSeq) + 1;
        // Fewer than asked are all there are only when the held ones reach back to the start.
        return upto >= count ? _messages.GetRange(upto - count, count)
            : from <= 1 ? _messages.GetRange(0, upto)
            : null;
    }

    public int Capacity => capacity;

    /// <summary>Fills it from the log's newest <see cref="Capacity"/> messages, read while nothing was appended.</summary>
    public void Fill(IReadOnlyList<ChatEvent> newest)
    {
        _messages.Clear();
        _messages.AddRange(newest);
        _from = newest.Count < capacity ? 1 : newest[0].Seq;
    }

    /// <summary>Adds what was just appended to the log (nothing until filled).</summary>
    public void Appended(IEnumerable<ChatEvent> events)
    {
        if (_from is null)
        {
            return;
        }

        _messages.AddRange(events.Where(e => e.Type == ChatEventTypes.Message));
        if (_messages.Count > capacity)
        {
            _messages.RemoveRange(0, _messages.Count - capacity);
            _from = _messages[0].Seq;
        }
    }

    /// <summary>Forgets everything, when what the log holds is no longer known.</summary>
    public void Forget()
    {
        _messages.Clear();
        _from = null;
    }
}
