using System.Text;

namespace Sophia.Memory;

/// <summary>
/// Recalled passages as text for a model: numbered for citing, each with its document and position (and, for a synced
/// record, its type, modified time and URL), and how to cite them.
/// </summary>
public static class PassageCitations
{
    public static string Cited(string query, IReadOnlyList<Passage> passages)
    {
        if (passages.Count == 0)
        {
            return $"Nothing in memory matches '{query}'. Say so rather than guess.";
        }

        var text = new StringBuilder();
        for (var i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            var source = p.Source is { } s ? $" ({s.Type}, modified {s.ModifiedAt:yyyy-MM-dd}, {s.Url})" : "";
            text.Append($"[{i + 1}] {p.DocumentName}{source}, {(p.Kind == MemoryKinds.Fact ? "fact" : $"passage {p.Position + 1}")}: {p.Text}\n\n");
        }

        return text.Append(passages.Any(p => p.Source is not null)
            ? "Cite each passage you use as [n] followed by its document's name, and its URL when it has one."
            : "Cite each passage you use as [n] followed by its document's name.").ToString();
    }
}
