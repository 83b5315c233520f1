using System.Text.Json.Nodes;

namespace Sophia.Integrations.Salesforce;

/// <summary>
/// Where the sync of one object type stands, inside the integration's persisted state. A first run queries every
/// record (<see cref="QueryStartedAt"/>, the <see cref="NextRecordsUrl"/> of the page to fetch next, and the latest
/// <c>SystemModstamp</c> written, <see cref="Since"/>, to query again from when a locator expired); once done, later runs
/// replicate the changes since <see cref="Through"/>, the end of the last window covered.
/// </summary>
internal sealed class SalesforceCursor(JsonObject cursor)
{
    public static SalesforceCursor For(JsonObject state, string type)
    {
        var sync = state["sync"] as JsonObject ?? (JsonObject)(state["sync"] = new JsonObject());
        return new SalesforceCursor(sync[type] as JsonObject ?? (JsonObject)(sync[type] = new JsonObject()));
    }

    public DateTimeOffset? QueryStartedAt
    {
        get => Time("queryStartedAt");
        set => cursor["queryStartedAt"] = Stored(value);
    }

    public string? NextRecordsUrl
    {
        get => cursor["nextRecordsUrl"]?.GetValue<string>();
        set => cursor["nextRecordsUrl"] = value;
    }

    public DateTimeOffset? Since
    {
        get => Time("since");
        set => cursor["since"] = Stored(value);
    }

    public DateTimeOffset? Through
    {
        get => Time("through");
        set => cursor["through"] = Stored(value);
    }

    /// <summary>The first run's query is done: from now on the sync replicates changes from when it began.</summary>
    public void QueryDone()
    {
        Through = QueryStartedAt;
        (QueryStartedAt, NextRecordsUrl, Since) = (null, null, null);
    }

    private DateTimeOffset? Time(string name) => SalesforceDates.StoredOrNull(cursor[name]?.GetValue<string>());

    private static string? Stored(DateTimeOffset? time) => time is { } t ? SalesforceDates.Stored(t) : null;
}
