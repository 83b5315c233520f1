using System.Globalization;
using System.Text.Json.Nodes;

namespace Sophia.Tests.Integrations.Salesforce;

/// <summary>The org's records the local Salesforce serves: accounts, contacts, opportunities and cases, and the deleted ones.</summary>
public sealed class SalesforceOrg(TimeProvider time)
{
    private static readonly Dictionary<string, (string Prefix, string[] Fields)> Schema = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Account"] = ("001", ["Id", "Name", "Type", "Industry", "Website", "Phone", "BillingCity", "BillingCountry", "Description", "SystemModstamp", "LastModifiedDate", "CreatedDate"]),
        ["Contact"] = ("003", ["Id", "Name", "FirstName", "LastName", "Title", "Email", "Phone", "AccountId", "Description", "SystemModstamp", "LastModifiedDate", "CreatedDate"]),
        ["Opportunity"] = ("006", ["Id", "Name", "StageName", "Amount", "CloseDate", "Probability", "IsClosed", "AccountId", "Description", "SystemModstamp", "LastModifiedDate", "CreatedDate"]),
        ["Case"] = ("500", ["Id", "CaseNumber", "Subject", "Status", "Priority", "Origin", "AccountId", "ContactId", "Description", "SystemModstamp", "LastModifiedDate", "CreatedDate"]),
    };

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<JsonObject>> _records = Schema.Keys.ToDictionary(k => k, _ => new List<JsonObject>(), StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Type, string Id, DateTimeOffset DeletedAt)> _deleted = [];
    private int _next;

    public static string? TypeName(string type) => Schema.Keys.FirstOrDefault(k => string.Equals(k, type, StringComparison.OrdinalIgnoreCase));

    public static bool HasField(string type, string field) => Schema[type].Fields.Contains(field, StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds a record with the given fields; it gets an 18-character id and its timestamps.</summary>
    public string Add(string type, params (string Field, object? Value)[] fields)
    {
        lock (_lock)
        {
            var number = ++_next;
            var id = $"{Schema[type].Prefix}5g{number:D10}AAA";
            var now = Stamp(time.GetUtcNow());
            var record = new JsonObject { ["Id"] = id, ["CreatedDate"] = now, ["SystemModstamp"] = now, ["LastModifiedDate"] = now };
            if (type == "Case")
            {
                record["CaseNumber"] = (1000 + number).ToString("D8", CultureInfo.InvariantCulture);
            }

            Set(record, fields);
            _records[type].Add(record);
            return id;
        }
    }

    public void Update(string type, string id, params (string Field, object? Value)[] fields)
    {
        lock (_lock)
        {
            var record = _records[type].Single(r => r["Id"]!.GetValue<string>() == id);
            Set(record, fields);
            record["SystemModstamp"] = Stamp(time.GetUtcNow());
            record["LastModifiedDate"] = Stamp(time.GetUtcNow());
        }
    }

    public void Delete(string type, string id)
    {
        lock (_lock)
        {
            _records[type].RemoveAll(r => r["Id"]!.GetValue<string>() == id);
            _deleted.Add((type, id, time.GetUtcNow()));
        }
    }

    public List<JsonObject> All(string type)
    {
        lock (_lock)
        {
            return [.. _records[type].Select(r => r.DeepClone().AsObject())];
        }
    }

    public JsonObject? Find(string type, string id) => All(type).FirstOrDefault(r => string.Equals(r["Id"]!.GetValue<string>(), id, StringComparison.Ordinal));

    /// <summary>A record by id of any type (for relationship fields such as <c>Account.Name</c>).</summary>
    public JsonObject? FindAny(string id) => Schema.Keys.Select(t => Find(t, id)).FirstOrDefault(r => r is not null);

    public List<(string Id, DateTimeOffset DeletedAt)> Deleted(string type)
    {
        lock (_lock)
        {
            return [.. _deleted.Where(d => d.Type == type).Select(d => (d.Id, d.DeletedAt))];
        }
    }

    /// <summary>Salesforce's date-time form in answers.</summary>
    public static string Stamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseStamp(string text) =>
        DateTimeOffset.ParseExact(text.Replace("+0000", "+00:00", StringComparison.Ordinal), "yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static void Set(JsonObject record, (string Field, object? Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            record[field] = value switch
            {
                null => null,
                string text => JsonValue.Create(text),
                bool flag => JsonValue.Create(flag),
                int number => JsonValue.Create(number),
                double number => JsonValue.Create(number),
                decimal number => JsonValue.Create(number),
                _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
            };
        }

        if (record.ContainsKey("LastName"))
        {
            record["Name"] = $"{record["FirstName"]} {record["LastName"]}".Trim();
        }
    }
}
