using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Sophia.Memory.Chunking;

/// <summary>The plain text of an uploaded file: text, Markdown, HTML or PDF, chosen by content type, else by extension.</summary>
public static partial class DocumentText
{
    public const string PlainText = "text/plain";
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string Pdf = "application/pdf";

    /// <summary>The supported formats, for error messages.</summary>
    public const string Supported = "text (.txt), Markdown (.md), HTML (.html) and PDF (.pdf)";

    /// <summary>The format of a file, or null when it is none Sophia reads.</summary>
    public static string? FormatOf(string name, string? contentType)
    {
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return type switch
        {
            PlainText or Markdown or Html or Pdf => type,
            "text/x-markdown" => Markdown,
            "application/xhtml+xml" => Html,
            _ => Path.GetExtension(name).ToLowerInvariant() switch
            {
                ".txt" or ".text" => PlainText,
                ".md" or ".markdown" => Markdown,
                ".html" or ".htm" => Html,
                ".pdf" => Pdf,
                _ => null,
            },
        };
    }

    /// <summary>Extracts the text; throws <see cref="ArgumentException"/> saying what is wrong with a file it cannot read.</summary>
    public static string Extract(string name, string format, byte[] content)
    {
        var text = format switch
        {
            PlainText => Decode(content),
            Markdown => Markdig.Markdown.ToPlainText(Decode(content)),
            Html => HtmlText.Of(new HtmlParser().ParseDocument(Decode(content))),
            Pdf => FromPdf(name, content),
            _ => throw new ArgumentException($"'{name}' is not a format Sophia reads; send {Supported}."),
        };
        return Normalize(text);
    }

    private static string Decode(byte[] content) => new UTF8Encoding(false, false).GetString(content).TrimStart('\uFEFF');

    private static string FromPdf(string name, byte[] content)
    {
        try
        {
            using var pdf = PdfDocument.Open(content);
            var text = new StringBuilder();
            foreach (var page in pdf.GetPages())
            {
                text.AppendLine(ContentOrderTextExtractor.GetText(page));
            }

            return text.ToString();
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            // Without the inner exception: the parser's own exception types do not cross a grain boundary.
            throw new ArgumentException($"'{name}' could not be read as a PDF ({ex.Message}); send a valid PDF file.");
        }
    }

    // Collapses runs of spaces and blank lines, so chunks hold words rather than layout.
    private static string Normalize(string text) => BlankLines().Replace(Spaces().Replace(text.Replace("\r\n", "\n"), " "), "\n\n").Trim();

    [GeneratedRegex(@"[ \t\f\v\u00A0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\s*\n\s*\n\s*")]
    private static partial Regex BlankLines();
}
