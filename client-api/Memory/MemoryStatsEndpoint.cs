using System.Security.Claims;
using Sophia.ClientApi.Auth;
using Sophia.Memory;

namespace Sophia.ClientApi.Memory;

/// <summary>Corpus figures: documents and chunks of the company's memory and the caller's own, per source.</summary>
public static class MemoryStatsEndpoint
{
    public static RouteHandlerBuilder MapMemoryStats(this RouteGroupBuilder api) =>
        api.MapGet("/stats", async (string? scope, ClaimsPrincipal user, MemoryAccess access, IGrainFactory grains) =>
        {
            var caller = Caller.From(user);
            // The scope as requests name it, by its name inside the tenant.
            var shown = new Dictionary<string, string>(StringComparer.Ordinal) { [MemoryScopes.Tenant] = MemoryScopes.Tenant, [MemoryScopes.User(caller.User)] = "user" };
            if (!string.IsNullOrEmpty(scope))
            {
                shown.TryAdd(await access.ResolveAsync(caller, scope), scope);
            }

            var counts = await grains.GetGrain<IMemoryStatsGrain>(caller.Tenant).CountAsync(shown.Keys.ToList());
            var scopes = shown.Select(s =>
            {
                var sources = counts.Where(c => c.Scope == s.Key).OrderByDescending(c => c.Chunks).ThenBy(c => c.Source, StringComparer.Ordinal).ToList();
                return new
                {
                    scope = s.Value,
                    documents = sources.Sum(c => c.Documents),
                    chunks = sources.Sum(c => c.Chunks),
                    sources = sources.Select(c => new { source = c.Source, documents = c.Documents, chunks = c.Chunks }),
                };
            }).ToList();
            return Results.Ok(new { documents = scopes.Sum(s => s.documents), chunks = scopes.Sum(s => s.chunks), scopes });
        });
}
