using System.Globalization;
using System.Text.RegularExpressions;

namespace Sophia.Integrations.Salesforce;

/// <summary>The org's daily API budget from <c>Sforce-Limit-Info: api-usage=18/5000</c> (requests used / limit, rolling 24 hours).</summary>
internal sealed partial record SalesforceBudget(long Used, long Limit)
{
    /// <summary>What a sync leaves to people and other integrations: it starts no page with fewer requests left.</summary>
    public const double SyncReserve = 0.05;

    public long Remaining => Math.Max(0, Limit - Used);

    public bool LeavesRoomForSync => Remaining >= Math.Ceiling(Limit * SyncReserve);

    public static SalesforceBudget? From(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Sforce-Limit-Info", out var values)
        && values.Select(v => ApiUsage().Match(v)).FirstOrDefault(m => m.Success) is { } match
            ? new SalesforceBudget(
                long.Parse(match.Groups["used"].Value, CultureInfo.InvariantCulture),
                long.Parse(match.Groups["limit"].Value, CultureInfo.InvariantCulture))
            : null;

    [GeneratedRegex(@"(?<![-\w])api-usage=(?<used>\d+)/(?<limit>\d+)")]
    private static partial Regex ApiUsage();
}
