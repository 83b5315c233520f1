using System.Globalization;

namespace Sophia.Tests.Integrations.HubSpot;

/// <summary>A CRM record the local HubSpot holds: its type, id, properties, times and whether it was archived (deleted).</summary>
public sealed class HubSpotCrmRecord(string type, long id, Dictionary<string, string> properties, DateTimeOffset createdAt)
{
    public string Type { get; } = type;

    public long Id { get; } = id;

    public Dictionary<string, string> Properties { get; } = properties;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset UpdatedAt { get; set; } = createdAt;

    public DateTimeOffset? ArchivedAt { get; set; }
}

/// <summary>The account's CRM: records by type and the associations between them, both ways as HubSpot keeps them.</summary>
public sealed class HubSpotCrmData
{
    /// <summary>Where each type keeps its last change: contacts in <c>lastmodifieddate</c>, the others in <c>hs_lastmodifieddate</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> ModifiedProperty = new Dictionary<string, string>
    {
        ["contacts"] = "lastmodifieddate", ["companies"] = "hs_lastmodifieddate", ["deals"] = "hs_lastmodifieddate",
        ["tickets"] = "hs_lastmodifieddate", ["notes"] = "hs_lastmodifieddate",
    };

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedDictionary<long, HubSpotCrmRecord>> _records = ModifiedProperty.Keys.ToDictionary(t => t, _ => new SortedDictionary<long, HubSpotCrmRecord>());
    private readonly Dictionary<(string From, long Id, string To), SortedSet<long>> _associations = [];
    private long _nextId = 1000;
    private DateTimeOffset _clock = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The next modification time: a second after the last, so changes sort as they were made.</summary>
    public DateTimeOffset Tick()
    {
        lock (_lock)
        {
            return _clock = _clock.AddSeconds(1);
        }
    }

    public HubSpotCrmRecord Add(string type, Dictionary<string, string> properties, DateTimeOffset? at = null)
    {
        lock (_lock)
        {
            var when = at ?? Tick();
            var record = new HubSpotCrmRecord(type, ++_nextId, new Dictionary<string, string>(properties), when);
            Stamp(record, when);
            record.Properties["createdate"] = Iso(when);
            _records[type][record.Id] = record;
            return record;
        }
    }

    public void Update(HubSpotCrmRecord record, string property, string value)
    {
        lock (_lock)
        {
            record.Properties[property] = value;
            Stamp(record, Tick());
        }
    }

    /// <summary>Deletes the record as HubSpot does: archived, kept out of search and lists, shown by <c>archived=true</c>.</summary>
    public void Archive(HubSpotCrmRecord record)
    {
        lock (_lock)
        {
            record.ArchivedAt = Tick();
        }
    }

    public void Associate(HubSpotCrmRecord from, HubSpotCrmRecord to)
    {
        lock (_lock)
        {
            Set(from.Type, from.Id, to.Type).Add(to.Id);
            Set(to.Type, to.Id, from.Type).Add(from.Id);
        }
    }

    public HubSpotCrmRecord? Find(string type, long id)
    {
        lock (_lock)
        {
            return _records.TryGetValue(type, out var records) && records.TryGetValue(id, out var record) ? record : null;
        }
    }

    /// <summary>A snapshot of one type's records, in id order.</summary>
    public List<HubSpotCrmRecord> All(string type)
    {
        lock (_lock)
        {
            return _records.TryGetValue(type, out var records) ? [.. records.Values] : [];
        }
    }

    public List<long> Associated(string from, long id, string to)
    {
        lock (_lock)
        {
            return _associations.TryGetValue((from, id, to), out var ids) ? [.. ids] : [];
        }
    }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void Stamp(HubSpotCrmRecord record, DateTimeOffset at)
    {
        record.UpdatedAt = at;
        record.Properties[ModifiedProperty[record.Type]] = Iso(at);
        record.Properties["hs_object_id"] = record.Id.ToString(CultureInfo.InvariantCulture);
    }

    private SortedSet<long> Set(string from, long id, string to) =>
        _associations.TryGetValue((from, id, to), out var set) ? set : _associations[(from, id, to)] = [];
}
