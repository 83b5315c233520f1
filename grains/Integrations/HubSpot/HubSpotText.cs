using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Sophia.Integrations.HubSpot;

/// <summary>HubSpot's values as people read them: dates, amounts and the HTML of note bodies as plain text.</summary>
internal static partial class HubSpotText
{
    /// <summary>A note body is HTML; memory and models read its text.</summary>
    public static string PlainText(string html) =>
        WebUtility.HtmlDecode(Whitespace().Replace(Tags().Replace(html.Replace("<br>", "\n", StringComparison.OrdinalIgnoreCase).Replace("</p>", "\n", StringComparison.OrdinalIgnoreCase), ""), " ")).Trim();

    /// <summary>A date property (ISO 8601 or epoch milliseconds) as a day; other values as they are.</summary>
    public static string Value(string property, string value)
    {
        if (property.EndsWith("date", StringComparison.Ordinal) || property == "hs_timestamp")
        {
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        }

        return property == "hs_note_body" ? PlainText(value) : value;
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("[ \\t]+")]
    private static partial Regex Whitespace();
}
