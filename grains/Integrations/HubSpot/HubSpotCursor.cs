using System.Text.Json.Nodes;
using Sophia.Integrations.Providers;

namespace Sophia.Integrations.HubSpot;

/// <summary>
/// Where the sync of one object type stands, kept in the state after each page: the last-modified time its search
/// starts at (epoch milliseconds), the page it got to, and the latest change it has written.
/// </summary>
internal sealed record HubSpotCursor(long Since, string? After, long? LastSeen)
{
    private const string StateKey = "cursors";

    public static HubSpotCursor Of(IntegrationSession session, HubSpotObjectType type) =>
        session.State[StateKey]?[type.Name] is JsonObject cursor
            ? new HubSpotCursor(cursor["since"]?.GetValue<long>() ?? 0, cursor["after"]?.GetValue<string>(), cursor["lastSeen"]?.GetValue<long>())
            : new HubSpotCursor(0, null, null);

    public Task SaveAsync(IntegrationSession session, HubSpotObjectType type)
    {
        var all = session.State[StateKey] as JsonObject ?? (JsonObject)(session.State[StateKey] = new JsonObject());
        all[type.Name] = new JsonObject { ["since"] = Since, ["after"] = After, ["lastSeen"] = LastSeen };
        return session.SaveStateAsync();
    }

    public HubSpotCursor Saw(DateTimeOffset modifiedAt) =>
        this with { LastSeen = Math.Max(LastSeen ?? 0, modifiedAt.ToUnixTimeMilliseconds()) };

    /// <summary>
    /// A new search from the latest change written, for when paging would pass HubSpot's 10,000 results: the records
    /// modified at that very time come again and are found current. When a whole search window shares one time, it moves
    /// on by a millisecond, since the same search would only stop at the same place.
    /// </summary>
    public HubSpotCursor Restart() =>
        new(LastSeen is { } seen && seen > Since ? seen : Since + 1, null, LastSeen);

    /// <summary>The search is done: the next sync starts at the latest change seen.</summary>
    public HubSpotCursor Finished() => new(LastSeen ?? Since, null, LastSeen);
}
