namespace Sophia.Memory.Chunking;

/// <summary>A piece of a document's text: its index, where it starts in the text, and the text.</summary>
public sealed record TextChunk(int Position, int StartChar, string Text);
