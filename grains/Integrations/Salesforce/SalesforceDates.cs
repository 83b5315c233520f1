using System.Globalization;

namespace Sophia.Integrations.Salesforce;

/// <summary>Salesforce's date-times: <c>2013-05-08T21:20:00.000+0000</c> in answers, ISO 8601 in requests and SOQL literals.</summary>
internal static class SalesforceDates
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss.fffK", "yyyy-MM-dd'T'HH:mm:ssK"];

    public static DateTimeOffset Parse(string text)
    {
        // The offset comes without its colon (+0000), which .NET's formats do not read.
        var normalized = text.Length > 5 && (text[^5] is '+' or '-') && char.IsDigit(text[^1]) ? text[..^2] + ":" + text[^2..] : text;
        return DateTimeOffset.ParseExact(normalized, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
    }

    /// <summary>For the <c>start</c> and <c>end</c> of the updated and deleted resources.</summary>
    public static string Query(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    /// <summary>A SOQL date-time literal, to the second (rounded down, so a comparison with >= misses nothing).</summary>
    public static string Soql(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Stored(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset? StoredOrNull(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
