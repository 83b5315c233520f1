using System.Text;
using Sophia.Memory.Chunking;
using Sophia.Memory.Embeddings;

namespace Sophia.Tests.Memory;

public sealed class ChunkingTests
{
    private readonly string _text = MemoryCorpus.Filler(3, 60);

    [Fact]
    public void Chunks_stay_within_the_token_budget_and_overlap_their_neighbours()
    {
        var chunks = new TextChunker(MiniLmModel.Tokenizer, 50, 10).Split(_text);

        Assert.True(chunks.Count > 10);
        Assert.All(chunks, c => Assert.InRange(MiniLmModel.Tokenizer.CountTokens(c.Text), 1, 50));
        for (var i = 1; i < chunks.Count; i++)
        {
            var previousEnd = chunks[i - 1].StartChar + chunks[i - 1].Text.Length;
            Assert.True(chunks[i].StartChar < previousEnd, $"chunk {i} should start inside chunk {i - 1}");
            Assert.True(chunks[i].StartChar > chunks[i - 1].StartChar);
        }

        Assert.All(chunks, c => Assert.Equal(_text.Substring(c.StartChar, c.Text.Length), c.Text));
        Assert.EndsWith(chunks[^1].Text, _text);
    }

    [Fact]
    public void Without_overlap_the_chunks_cover_the_text_once()
    {
        var chunks = new TextChunker(MiniLmModel.Tokenizer, 40, 0).Split(_text);

        Assert.Equal(_text.Split(' ').Length, chunks.Sum(c => c.Text.Split(' ').Length));
    }

    [Fact]
    public void The_same_text_always_yields_the_same_chunk_ids()
    {
        var chunker = new TextChunker(MiniLmModel.Tokenizer, 50, 10);

        var first = chunker.Split(_text).Select(c => ContentHash.Chunk("doc", c.Text));
        var second = chunker.Split(_text).Select(c => ContentHash.Chunk("doc", c.Text));

        Assert.Equal(first, second);
        Assert.NotEqual(ContentHash.Chunk("doc", "a"), ContentHash.Chunk("other", "a"));
    }

    [Fact]
    public void Html_loses_its_markup_and_scripts_and_markdown_its_syntax()
    {
        var html = DocumentText.Extract("page.html", DocumentText.Html, Encoding.UTF8.GetBytes(
            "<html><head><title>Guide</title><style>p{}</style><script>alert('x')</script></head><body><h1>Welcome</h1><p>First <b>bold</b> line.</p><p>Second.</p></body></html>"));
        var markdown = DocumentText.Extract("notes.md", DocumentText.Markdown, Encoding.UTF8.GetBytes("# Title\n\nSome **bold** and [a link](http://x).\n\n- item"));

        Assert.Equal("Guide\nWelcome\nFirst bold line.\nSecond.", html);
        Assert.DoesNotContain("alert", html);
        Assert.Contains("Some bold and a link.", markdown);
        Assert.DoesNotContain("**", markdown);
    }

    [Fact]
    public void Pdf_text_is_extracted_page_by_page()
    {
        var upload = MemoryCorpus.Documents().Single(d => d.Name == MemoryCorpus.Wifi.DocumentName);

        var text = DocumentText.Extract(upload.Name, DocumentText.Pdf, upload.Content);

        Assert.Contains("wifi password is changed every Monday", text);
    }

    [Theory]
    [InlineData("a.md", "", DocumentText.Markdown)]
    [InlineData("a.bin", "text/html; charset=utf-8", DocumentText.Html)]
    [InlineData("A.PDF", "application/octet-stream", DocumentText.Pdf)]
    [InlineData("a.png", "image/png", null)]
    public void The_format_comes_from_the_content_type_else_the_extension(string name, string contentType, string? format) =>
        Assert.Equal(format, DocumentText.FormatOf(name, contentType));
}
