using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sophia.Tests.Integrations.Salesforce;

/// <summary>
/// The part of SOQL the local Salesforce understands: <c>SELECT</c> fields (with one level of relationship such as
/// <c>Account.Name</c>) <c>FROM</c> one object, <c>WHERE</c> comparisons joined by <c>AND</c> (including <c>Id IN (…)</c>),
/// <c>ORDER BY</c> one field and <c>LIMIT</c>. Anything else is a <c>MALFORMED_QUERY</c>, as Salesforce would say.
/// </summary>
public static partial class SalesforceSoql
{
    public sealed record Query(string Type, IReadOnlyList<string> Fields, IReadOnlyList<JsonObject> Rows);

    /// <summary>The query's rows as Salesforce answers them; throws <see cref="SoqlException"/> with Salesforce's error code.</summary>
    public static Query Run(SalesforceOrg org, string soql)
    {
        var match = Statement().Match(soql.Trim());
        if (!match.Success)
        {
            throw new SoqlException("MALFORMED_QUERY", $"unexpected token in: {soql}");
        }

        var type = SalesforceOrg.TypeName(match.Groups["type"].Value) ?? throw new SoqlException("INVALID_TYPE", $"sObject type '{match.Groups["type"].Value}' is not supported.");
        var fields = match.Groups["fields"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var field in fields)
        {
            var own = field.Contains('.', StringComparison.Ordinal) ? field.Split('.')[0] + "Id" : field;
            if (!SalesforceOrg.HasField(type, own))
            {
                throw new SoqlException("INVALID_FIELD", $"No such column '{field}' on entity '{type}'.");
            }
        }

        IEnumerable<JsonObject> rows = org.All(type);
        if (match.Groups["where"].Success)
        {
            foreach (var condition in Regex.Split(match.Groups["where"].Value, @"\s+AND\s+", RegexOptions.IgnoreCase))
            {
                rows = rows.Where(Filter(type, condition.Trim())).ToList();
            }
        }

        if (match.Groups["order"].Success)
        {
            var order = match.Groups["order"].Value;
            rows = string.Equals(match.Groups["direction"].Value, "DESC", StringComparison.OrdinalIgnoreCase)
                ? rows.OrderByDescending(r => r[order]?.ToString(), StringComparer.Ordinal)
                : rows.OrderBy(r => r[order]?.ToString(), StringComparer.Ordinal);
        }

        if (match.Groups["limit"].Success)
        {
            rows = rows.Take(int.Parse(match.Groups["limit"].Value, CultureInfo.InvariantCulture));
        }

        return new Query(type, fields, [.. rows.Select(r => Project(org, type, r, fields))]);
    }

    /// <summary>A record as the REST API shows it: its <c>attributes</c>, then the fields asked for.</summary>
    public static JsonObject Project(SalesforceOrg org, string type, JsonObject record, IEnumerable<string> fields)
    {
        var row = new JsonObject { ["attributes"] = Attributes(type, record["Id"]!.GetValue<string>()) };
        foreach (var field in fields)
        {
            if (field.Split('.') is [var relation, var name])
            {
                var id = record[relation + "Id"]?.GetValue<string>();
                var related = id is null ? null : org.FindAny(id);
                row[relation] = related is null ? null : new JsonObject
                {
                    ["attributes"] = Attributes(relation, id!),
                    [name] = related[name]?.DeepClone(),
                };
            }
            else
            {
                var own = record.FirstOrDefault(p => string.Equals(p.Key, field, StringComparison.OrdinalIgnoreCase));
                row[own.Key ?? field] = own.Value?.DeepClone();
            }
        }

        return row;
    }

    public static JsonObject Attributes(string type, string id) => new() { ["type"] = type, ["url"] = $"/services/data/v62.0/sobjects/{type}/{id}" };

    private static Func<JsonObject, bool> Filter(string type, string condition)
    {
        if (InList().Match(condition) is { Success: true } list)
        {
            var ids = Literals().Matches(list.Groups["values"].Value).Select(m => m.Groups["text"].Value).ToHashSet(StringComparer.Ordinal);
            return r => ids.Contains(r[list.Groups["field"].Value]?.ToString() ?? "");
        }

        var comparison = Comparison().Match(condition);
        if (!comparison.Success || !SalesforceOrg.HasField(type, comparison.Groups["field"].Value))
        {
            throw new SoqlException(comparison.Success ? "INVALID_FIELD" : "MALFORMED_QUERY", $"cannot read the condition: {condition}");
        }

        var field = comparison.Groups["field"].Value;
        var op = comparison.Groups["op"].Value;
        var value = comparison.Groups["value"].Value;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) && !value.StartsWith('\''))
        {
            return r => r[field]?.GetValue<string>() is { } stamp && Compare(SalesforceOrg.ParseStamp(stamp).CompareTo(when), op);
        }

        var text = value.StartsWith('\'') ? value[1..^1].Replace("\\'", "'", StringComparison.Ordinal) : value;
        return r => Compare(string.Compare(r[field]?.ToString(), text, StringComparison.OrdinalIgnoreCase), op);
    }

    private static bool Compare(int order, string op) => op switch
    {
        "=" => order == 0,
        "!=" => order != 0,
        ">=" => order >= 0,
        "<=" => order <= 0,
        ">" => order > 0,
        _ => order < 0,
    };

    [GeneratedRegex(@"^SELECT\s+(?<fields>.+?)\s+FROM\s+(?<type>\w+)(\s+WHERE\s+(?<where>.+?))?(\s+ORDER\s+BY\s+(?<order>\w+)(\s+(?<direction>ASC|DESC))?)?(\s+LIMIT\s+(?<limit>\d+))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Statement();

    [GeneratedRegex(@"^(?<field>\w+)\s+IN\s*\((?<values>.*)\)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InList();

    [GeneratedRegex(@"'(?<text>(?:[^'\\]|\\.)*)'")]
    private static partial Regex Literals();

    [GeneratedRegex(@"^(?<field>\w+)\s*(?<op>>=|<=|!=|=|>|<)\s*(?<value>'(?:[^'\\]|\\.)*'|[\w:.+-]+)$")]
    private static partial Regex Comparison();
}

/// <summary>A query Salesforce refuses, with its <c>errorCode</c>.</summary>
public sealed class SoqlException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
