namespace Sophia.Chat;

/// <summary>
/// A conversation's newest messages kept beside its activation, so an agent's history for each turn is not read from
/// the log again. It holds every message from seq <c>_from</c> on: from its activation, everything appended since;
/// once filled from the log, the newest ones before that too. It keeps at most <see cref="Capacity"/> messages and
/// <see cref="MostChars"/> characters of text, so a busy conversation's activation stays small.
/// </summary>
internal sealed class RecentMessages
{
    // Room for the history of a turn with many turns queued behind it (their messages are newer than its own).
    public const int Capacity = 128;
    public const int MostChars = 32 * 1024;

    private readonly List<ChatEvent> _messages = [];
    private long _from = 1;
    private long _chars;

    /// <summary>Whether it holds all it may: a fill from the log could add nothing that stays.</summary>
    public bool Full => _messages.Count >= Capacity || _chars >= MostChars / 2;

    /// <summary>An activation that found <paramref name="lastSeq"/> in the log holds what is appended after it.</summary>
    public void Start(long lastSeq) => Forget(lastSeq);

    /// <summary>The last <paramref name="count"/> messages up to <paramref name="uptoSeq"/>, when all of them are held.</summary>
    public IReadOnlyList<ChatEvent>? TryRead(long uptoSeq, int count)
    {
        var upto = _messages.FindLastIndex(m => m.Seq <= uptoSeq) + 1;
        // Fewer than asked are all there are only when what is held reaches back to the first message.
        return upto >= count ? _messages.GetRange(upto - count, count)
            : _from <= 1 ? _messages.GetRange(0, upto)
            : null;
    }

    /// <summary>
    /// Adds the log's newest <see cref="Capacity"/> messages up to <paramref name="readUpto"/>, read after every event up
    /// to it was written. Ignored when it would leave a gap before what is held (what was held was forgotten meanwhile).
    /// </summary>
    public void Fill(IReadOnlyList<ChatEvent> newest, long readUpto)
    {
        if (_from > readUpto + 1)
        {
            return;
        }

        var coveredFrom = newest.Count < Capacity ? 1 : newest[0].Seq;
        var later = _messages.Where(m => m.Seq > readUpto).ToList();
        _messages.Clear();
        _chars = 0;
        _from = Math.Min(coveredFrom, _from);
        Add(newest.Concat(later));
    }

    /// <summary>Adds what was just appended to the log.</summary>
    public void Appended(IEnumerable<ChatEvent> events) => Add(events.Where(e => e.Type == ChatEventTypes.Message));

    /// <summary>Holds nothing before <paramref name="lastSeq"/>, when what the log holds up to it is no longer known.</summary>
    public void Forget(long lastSeq)
    {
        _messages.Clear();
        _chars = 0;
        _from = lastSeq + 1;
    }

    private void Add(IEnumerable<ChatEvent> messages)
    {
        foreach (var message in messages)
        {
            _messages.Add(message);
            _chars += message.Text.Length;
        }

        var drop = 0;
        while (_messages.Count - drop > 0 && (_messages.Count - drop > Capacity || _chars > MostChars))
        {
            _chars -= _messages[drop++].Text.Length;
        }

        if (drop > 0)
        {
            _from = _messages[drop - 1].Seq + 1;
            _messages.RemoveRange(0, drop);
        }
    }
}
