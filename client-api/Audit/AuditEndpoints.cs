using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Sophia.Audit;
using Sophia.ClientApi.Auth;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Audit;

/// <summary><c>GET /api/audit</c>: a tenant's admins read its audit log, newest first, or forward from a point.</summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 100;

    /// <summary>An entry as the API shows it: <c>detail</c> as a JSON object, not a string.</summary>
    public sealed record EntryView(string Id, DateTimeOffset At, string Actor, string Action, string? Target, JsonElement? Detail, string Outcome, string? ClientAddress);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/audit", async (string? after, string? before, string? actor, string? action, string? limit, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (Parse(after, before, actor, action, limit) is not { } query)
            {
                return Results.Problem(statusCode: 400, title: $"limit must be a whole number from 1 to 1000 (default {DefaultLimit}).");
            }

            try
            {
                var entries = await grains.GetGrain<IAuditGrain>(Caller.From(user).Tenant).QueryAsync(query);
                return Results.Ok(new { entries = entries.Select(View), next = entries.Count == query.Limit ? Next(query, entries[^1].Id) : null });
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(statusCode: 400, title: ex.Message);
            }
        }).RequirePermission(Permission.ReadAudit);
        return routes;
    }

    private static AuditQuery? Parse(string? after, string? before, string? actor, string? action, string? limit)
    {
        var count = DefaultLimit;
        if (limit is not null && !int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count))
        {
            return null;
        }

        // A time is any ISO 8601 date or date-time (UTC unless it says otherwise); anything else is taken as an entry id and checked as one.
        var time = DateTimeOffset.TryParse(after, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        return new AuditQuery(count, time is null ? Blank(after) : null, time, Blank(before), Blank(actor), Blank(action));
    }

    private static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string Next(AuditQuery query, string lastId)
    {
        var parameters = new List<string> { query.Forward ? $"after={lastId}" : $"before={lastId}", $"limit={query.Limit}" };
        parameters.AddRange(new[] { ("actor", query.Actor), ("action", query.Action) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
        return $"/api/audit?{string.Join('&', parameters)}";
    }

    private static EntryView View(AuditEntry e) =>
        new(e.Id, e.At, e.Actor, e.Action, e.Target, e.Detail is null ? null : JsonSerializer.Deserialize<JsonElement>(e.Detail), e.Outcome, e.ClientAddress);
}
