using System.Text.Json;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Quotas;

/// <summary>Reads a quota change from a request body: any of the four limits, each a whole number of at least 0 or null.</summary>
public static class QuotaBody
{
    public static async Task<(IReadOnlyDictionary<string, long?>? Changes, string? Problem)> ReadAsync(HttpRequest request)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return (null, Help);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Help);
            }

            var changes = new Dictionary<string, long?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.Null:
                        changes[property.Name] = null;
                        break;
                    case JsonValueKind.Number when property.Value.TryGetInt64(out var value):
                        changes[property.Name] = value;
                        break;
                    default:
                        return (null, QuotaNames.All.Contains(property.Name)
                            ? $"\"{property.Name}\" must be a whole number of at least 0, or null for no limit."
                            : QuotaChanges.Problem(new Dictionary<string, long?> { [property.Name] = null }));
                }
            }

            return QuotaChanges.Problem(changes) is { } problem ? (null, problem) : (changes, null);
        }
    }

    private static readonly string Help =
        $"Send a JSON object with any of {string.Join(", ", QuotaNames.All.Select(n => $"\"{n}\""))}: a whole number of at least 0, or null for no limit.";
}
