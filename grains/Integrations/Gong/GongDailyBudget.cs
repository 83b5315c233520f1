using System.Globalization;
using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.Gong;

/// <summary>
/// Gong's second limit, 10,000 API calls a day for the whole company, which a per-second limiter cannot keep: the day's
/// count lives in the integration's persisted state, each call spends one, and none is made once the day's are spent.
/// The remaining calls are reported as the integration's rate budget. Days are counted in UTC.
/// </summary>
internal sealed class GongDailyBudget(IntegrationSession session, int callsPerDay)
{
    public int CallsPerDay => callsPerDay;

    /// <summary>Counts one call for <paramref name="what"/>, or refuses it when the day's calls are spent.</summary>
    public void Spend(string what)
    {
        var now = session.Time.GetUtcNow();
        var today = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var day = session.State["dailyCalls"] as JsonObject;
        var spent = day?["day"]?.GetValue<string>() == today ? day["count"]?.GetValue<int>() ?? 0 : 0;
        var resetsAt = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        if (spent >= callsPerDay)
        {
            session.ReportRateBudget(0, resetsAt);
            throw new IntegrationRefusedException(
                $"Gong's limit of {callsPerDay.ToString("N0", CultureInfo.InvariantCulture)} API calls a day is spent; {what} waits until it resets at {resetsAt:yyyy-MM-dd HH:mm} UTC.");
        }

        session.State["dailyCalls"] = new JsonObject { ["day"] = today, ["count"] = spent + 1 };
        session.ReportRateBudget(callsPerDay - spent - 1, resetsAt);
    }
}
