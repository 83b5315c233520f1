using System.Text.Json.Nodes;

namespace Sophia.Integrations.HubSpot;

/// <summary>
/// The records a page of records is associated with, by name: one v4 batch read of the associations per associated
/// type, then one batch read of those records' names per hundred.
/// </summary>
internal static class HubSpotAssociations
{
    private const int MaxPerRecord = 25;
    private const int BatchReadSize = 100;

    public static async Task<Dictionary<string, List<HubSpotAssociated>>> ReadAsync(
        HubSpotClient client, HubSpotObjectType type, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var found = ids.ToDictionary(id => id, _ => new List<HubSpotAssociated>(), StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return found;
        }

        foreach (var target in type.Associated.Select(HubSpotObjectType.Find).OfType<HubSpotObjectType>())
        {
            var links = await LinksAsync(client, type, target, ids, cancellationToken);
            var names = await NamesAsync(client, target, links.SelectMany(l => l.Value).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
            foreach (var (from, to) in links)
            {
                found[from].AddRange(to.Select(id => new HubSpotAssociated(target, id, names.GetValueOrDefault(id) ?? target.Title(id, []))));
            }
        }

        return found;
    }

    private static async Task<Dictionary<string, List<string>>> LinksAsync(
        HubSpotClient client, HubSpotObjectType from, HubSpotObjectType to, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var answer = await client.PostAsync($"crm/v4/associations/{from.Name}/{to.Name}/batch/read",
            new JsonObject { ["inputs"] = Inputs(ids) }, $"reading the {to.Name} of {ids.Count} {from.Name}", cancellationToken);
        var links = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var result in answer["results"]?.AsArray() ?? [])
        {
            if (result?["from"]?["id"]?.ToString() is { } id && ids.Contains(id))
            {
                links[id] = [.. (result["to"]?.AsArray() ?? []).Select(t => t?["toObjectId"]?.ToString()).OfType<string>().Take(MaxPerRecord)];
            }
        }

        return links;
    }

    private static async Task<Dictionary<string, string>> NamesAsync(HubSpotClient client, HubSpotObjectType type, List<string> ids, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(BatchReadSize))
        {
            var answer = await client.PostAsync($"crm/v3/objects/{type.Name}/batch/read",
                new JsonObject { ["properties"] = new JsonArray([.. type.Properties.Select(p => JsonValue.Create(p))]), ["inputs"] = Inputs(chunk) },
                $"reading the names of {chunk.Length} {type.Name}", cancellationToken);
            foreach (var result in answer["results"]?.AsArray() ?? [])
            {
                var record = HubSpotRecord.Parse(type, result!);
                names[record.Id] = record.Title;
            }
        }

        return names;
    }

    private static JsonArray Inputs(IEnumerable<string> ids) => new([.. ids.Select(id => new JsonObject { ["id"] = id })]);
}
