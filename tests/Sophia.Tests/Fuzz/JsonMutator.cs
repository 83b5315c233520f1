using System.Text;
using System.Text.Json.Nodes;

namespace Sophia.Tests.Fuzz;

/// <summary>Breaks a JSON body: cut short, wrong types, huge or deep values, wrong roots, bytes that are not UTF-8.</summary>
public sealed class JsonMutator(Random random)
{
    private static readonly string[] Literals = ["null", "true", "0", "-1", "1e400", "9223372036854775808", "\"\"", "[]", "{}", "\"\\u0000\"", "[[[]]]"];

    private static readonly string[] NotJson = ["NaN", "undefined", "{\"a\":}", "'single'", "{,}", "\"unterminated", "01", "+1", "{\"a\" 1}"];

    public byte[] Mutate(string? template)
    {
        var json = template ?? "{}";
        return random.Next(12) switch
        {
            0 => Encoding.UTF8.GetBytes(json[..random.Next(json.Length)]),
            1 => Encoding.UTF8.GetBytes(WithValue(json, () => JsonNode.Parse(Pick(Literals)))),
            2 => Encoding.UTF8.GetBytes(WithValue(json, () => new string('x', Huge()))),
            3 => Encoding.UTF8.GetBytes(WithValue(json, () => Deep(random.Next(40, 400)))),
            4 => Encoding.UTF8.GetBytes(random.Next(2) == 0 ? Pick(Literals) : Pick(NotJson)),
            5 => Encoding.UTF8.GetBytes($"[{json}]"),
            6 => [0xEF, 0xBB, 0xBF, 0xC3, 0x28, 0xA0, 0xA1, .. Encoding.UTF8.GetBytes(json), 0xFF],
            7 => RandomBytes(random.Next(1, 2048)),
            8 => Encoding.UTF8.GetBytes(json.Replace("\"", "'", StringComparison.Ordinal)),
            9 => Encoding.UTF8.GetBytes(json.TrimEnd('}') + ",\"extra\":" + json + ",}"),
            10 => Encoding.UTF8.GetBytes(WithValue(json, () => new JsonArray(Enumerable.Range(0, random.Next(1, 5000)).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()))),
            _ => [],
        };
    }

    public int Huge() => random.Next(4) == 0 ? random.Next(100_000, 2_000_000) : random.Next(1, 40_000);

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // Replaces one value anywhere in the document (a property, an array element, or a property it adds) with another of any type.
    private string WithValue(string json, Func<JsonNode?> value)
    {
        if (JsonNode.Parse(json) is not JsonObject root)
        {
            return json;
        }

        var containers = new List<JsonNode>();
        Collect(root, containers);
        switch (Pick(containers))
        {
            case JsonObject target:
                var names = target.Select(p => p.Key).ToList();
                target[names.Count > 0 && random.Next(5) > 0 ? Pick(names) : "unexpected"] = value();
                break;
            case JsonArray array when array.Count > 0:
                array[random.Next(array.Count)] = value();
                break;
            case JsonArray array:
                array.Add(value());
                break;
        }

        return root.ToJsonString();
    }

    private static void Collect(JsonNode? node, List<JsonNode> containers)
    {
        if (node is JsonObject or JsonArray)
        {
            containers.Add(node);
        }

        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            Collect(child, containers);
        }
    }

    private static JsonNode Deep(int depth)
    {
        JsonNode node = JsonValue.Create("bottom");
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }
}
