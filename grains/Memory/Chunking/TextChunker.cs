using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Sophia.Memory.Chunking;

/// <summary>
/// Splits text into windows of at most <c>chunkTokens</c> tokens of the embedding model's tokenizer, each repeating about
/// <c>overlapTokens</c> from the end of the one before. Windows end between words, so a passage reads as written.
/// </summary>
public sealed partial class TextChunker(Tokenizer tokenizer, int chunkTokens, int overlapTokens)
{
    public IReadOnlyList<TextChunk> Split(string text)
    {
        var words = Words().Matches(text).Select(m => (m.Index, m.Length, Tokens: Math.Max(1, tokenizer.CountTokens(m.Value, considerPreTokenization: true, considerNormalization: true)))).ToList();
        var chunks = new List<TextChunk>();
        var start = 0;
        while (start < words.Count)
        {
            var end = start;
            var tokens = 0;
            while (end < words.Count && (end == start || tokens + words[end].Tokens <= chunkTokens))
            {
                tokens += words[end].Tokens;
                end++;
            }

            var from = words[start].Index;
            var to = words[end - 1].Index + words[end - 1].Length;
            chunks.Add(new TextChunk(chunks.Count, from, text[from..to]));
            if (end == words.Count)
            {
                break;
            }

            // Step back over whole words worth about overlapTokens, but always move forward.
            var next = end;
            var overlap = 0;
            while (next - 1 > start && overlap + words[next - 1].Tokens <= overlapTokens)
            {
                overlap += words[next - 1].Tokens;
                next--;
            }

            start = next;
        }

        return chunks;
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex Words();
}
