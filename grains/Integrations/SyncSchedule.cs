using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sophia.Integrations;

/// <summary>The <c>syncEveryMinutes</c> setting every syncing integration takes besides its provider's own.</summary>
internal static class SyncSchedule
{
    public const string Field = "syncEveryMinutes";
    public const int MaxMinutes = 7 * 24 * 60;

    /// <summary>Removes the field from the body and returns it (null when absent); refuses a bad value or one on an integration that does not sync.</summary>
    public static int? Take(JsonObject body, bool syncs)
    {
        if (!body.Remove(Field, out var node) || node is null)
        {
            return null;
        }

        if (!syncs)
        {
            throw new IntegrationRefusedException($"'{Field}' is only for integrations that sync into memory.");
        }

        return node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue(out int minutes) && minutes is >= 1 and <= MaxMinutes
            ? minutes
            : throw new IntegrationRefusedException($"'{Field}' must be a whole number of minutes from 1 to {MaxMinutes} (a week).");
    }
}
