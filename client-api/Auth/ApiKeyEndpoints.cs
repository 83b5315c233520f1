using System.Security.Claims;
using Sophia.Audit;
using Sophia.ClientApi.Audit;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary><c>/api/keys</c>: the caller's API keys for OpenAI-style clients.</summary>
public static class ApiKeyEndpoints
{
    public sealed record CreateKeyRequest(string? Name);

    public static IEndpointRouteBuilder MapApiKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/api/keys").RequirePermission(Permission.Chat);
        keys.MapGet("/", (ClaimsPrincipal user, IGrainFactory grains) => User(grains, user).ListApiKeysAsync());
        keys.MapPost("/", async (CreateKeyRequest? request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            try
            {
                var created = await User(grains, user).CreateApiKeyAsync(request?.Name ?? "");
                await audit.RecordAsync(http, AuditActions.ApiKeyCreated, created.Info.Id, new { created.Info.Name });
                return Results.Created($"/api/keys/{created.Info.Id}", new { created.Info.Id, created.Info.Name, created.Info.CreatedAt, key = created.Key });
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(statusCode: 400, title: ex.Message);
            }
        });
        keys.MapDelete("/{id}", async (string id, ClaimsPrincipal user, HttpContext http, IGrainFactory grains, AuditTrail audit) =>
        {
            if (!await User(grains, user).RevokeApiKeyAsync(id))
            {
                return Results.Problem(statusCode: 404, title: $"You have no API key '{id}'.");
            }

            await audit.RecordAsync(http, AuditActions.ApiKeyRevoked, id);
            return Results.NoContent();
        });
        return routes;
    }

    private static IUserGrain User(IGrainFactory grains, ClaimsPrincipal user) => grains.GetGrain<IUserGrain>(Caller.From(user).UserKey);
}
