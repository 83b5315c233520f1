using System.Text;
using Sophia.Memory;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Sophia.Tests.Memory;

/// <summary>A small corpus the tests generate: one document per format, each hiding one fact among filler, with a question it answers.</summary>
public static class MemoryCorpus
{
    public sealed record KnownAnswer(string Question, string DocumentName, string Fact);

    public static readonly KnownAnswer Zephyr = new("When does the Zephyr satellite launch?", "zephyr-plan.md",
        "The Zephyr satellite launches from Kourou on the fourteenth of March.");

    public static readonly KnownAnswer Vacation = new("How many days of paid vacation do employees get?", "handbook.html",
        "Employees get twenty-eight days of paid vacation each year.");

    public static readonly KnownAnswer Wifi = new("How often is the Lisbon office wifi password changed?", "office-guide.pdf",
        "The Lisbon office wifi password is changed every Monday morning.");

    public static readonly KnownAnswer Renewal = new("Which customer renewed its contract for three years?", "sales-notes.txt",
        "Our largest customer, Globex, renewed its contract for three more years.");

    public static IReadOnlyList<KnownAnswer> Answers { get; } = [Zephyr, Vacation, Wifi, Renewal];

    public static IReadOnlyList<DocumentUpload> Documents(int fillerSentences = 24) =>
    [
        new(Zephyr.DocumentName, "text/markdown", Encoding.UTF8.GetBytes($"# Zephyr plan\n\n{Filler(1, fillerSentences)}\n\n## Launch\n\n*{Zephyr.Fact}*\n\n{Filler(2, fillerSentences)}")),
        new(Vacation.DocumentName, "text/html", Encoding.UTF8.GetBytes(
            $"<html><head><title>Handbook</title><script>var hidden = 'never indexed';</script></head><body><h1>Time off</h1><p>{Filler(3, fillerSentences)}</p><p>{Vacation.Fact}</p><p>{Filler(4, fillerSentences)}</p></body></html>")),
        new(Wifi.DocumentName, "application/pdf", Pdf([Filler(5, 6), Wifi.Fact, Filler(6, 6)])),
        new(Renewal.DocumentName, "", Encoding.UTF8.GetBytes($"{Filler(7, fillerSentences)}\n\n{Renewal.Fact}\n\n{Filler(8, fillerSentences)}")),
    ];

    /// <summary>A plain-text document of about <paramref name="sentences"/> sentences of filler.</summary>
    public static DocumentUpload LongDocument(string name, int sentences, int seed = 42) =>
        new(name, "text/plain", Encoding.UTF8.GetBytes(Filler(seed, sentences)));

    /// <summary>Sentences about office routine that share no content words with the known facts.</summary>
    public static string Filler(int seed, int sentences)
    {
        string[] teams = ["design", "finance", "support", "platform", "research", "legal"];
        string[] things = ["budget review", "roadmap", "hiring plan", "release checklist", "quarterly report", "style guide"];
        string[] verbs = ["discussed", "updated", "postponed", "approved", "summarized", "reorganized"];
        string[] whens = ["after lunch", "on a call", "in the afternoon", "before the offsite", "at the weekly sync", "over coffee"];
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            text.Append($"The {teams[random.Next(teams.Length)]} team {verbs[random.Next(verbs.Length)]} the {things[random.Next(things.Length)]} {whens[random.Next(whens.Length)]} (note {seed}-{i}). ");
        }

        return text.ToString().TrimEnd();
    }

    private static byte[] Pdf(IReadOnlyList<string> paragraphs)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var y = 800.0;
        foreach (var paragraph in paragraphs)
        {
            foreach (var line in Lines(paragraph, 90))
            {
                page.AddText(line, 9, new UglyToad.PdfPig.Core.PdfPoint(30, y), font);
                y -= 12;
            }

            y -= 12;
        }

        return builder.Build();
    }

    private static IEnumerable<string> Lines(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (line.Length + word.Length + 1 > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length == 0 ? word : " " + word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }
}
