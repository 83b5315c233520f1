using System.Security.Claims;
using System.Text.Json;
using Sophia.Tenancy;
using Microsoft.AspNetCore.Http.Features;
using Sophia.ClientApi.Auth;
using Sophia.ClientApi.Chat;
using Sophia.ClientApi.Hosting;
using Sophia.ClientApi.RateLimits;
using Sophia.ClientApi.Quotas;
using Sophia.Memory;

namespace Sophia.ClientApi.Memory;

/// <summary>REST over layered memory: upload documents, remember facts, recall, forget, and watch ingestion progress.</summary>
public static class MemoryEndpoints
{
    public sealed record FactRequest(string? Text, string? Source);

    public sealed record RecallRequest(string? Query, int? TopK, string? DocumentId, IReadOnlyList<string>? AlsoScopes);

    public sealed record FolderRequest(string? Path);

    private const string UploadHelp = "Upload documents as multipart/form-data, one or more files in fields named 'file'.";

    public static IEndpointRouteBuilder MapMemoryEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/memory").RequirePermission(Permission.ReadMemory).AddEndpointFilter(ConversationEndpoints.MapErrors).AddEndpointFilter(MapLimit);

        api.MapPost("/documents", async (HttpRequest request, string? scope, ClaimsPrincipal user, MemoryAccess access, IGrainFactory grains) =>
        {
            var caller = Caller.From(user);
            var memory = await access.OpenAsync(caller, scope);
            await QuotaChecks.EnsureChunksLeftAsync(grains, caller.UserKey);
            if (!request.HasFormContentType)
            {
                throw new ArgumentException(UploadHelp);
            }

            var files = (await RequestBody.ReadAsync(() => request.ReadFormAsync(request.HttpContext.RequestAborted), UploadHelp)).Files;
            if (files.Count == 0)
            {
                throw new ArgumentException("The form holds no file; add one or more files in fields named 'file'.");
            }

            var accepted = new List<IngestionStatus>();
            foreach (var file in files)
            {
                var content = await RequestBody.ReadAsync(() => ReadAllAsync(file, request.HttpContext.RequestAborted), UploadHelp);
                accepted.Add(await memory.IngestAsync(new DocumentUpload(file.FileName, file.ContentType ?? "", content), caller.User));
            }

            return Results.Accepted(null, accepted);
        }).AddEndpointFilter(TenantMemoryWrite).RequireRateLimiting(RateLimitPolicies.Uploads);

        api.MapPost("/folder", async (FolderRequest? body, string? scope, ClaimsPrincipal user, MemoryAccess access, MemoryFolder folder, IGrainFactory grains) =>
        {
            var caller = Caller.From(user);
            var memory = await access.OpenAsync(caller, scope);
            await QuotaChecks.EnsureChunksLeftAsync(grains, caller.UserKey);
            return Results.Accepted(null, await folder.IngestAsync(caller, memory, body?.Path));
        }).AddEndpointFilter(TenantMemoryWrite).RequireRateLimiting(RateLimitPolicies.Uploads);

        api.MapGet("/documents", async (string? scope, ClaimsPrincipal user, MemoryAccess access) =>
            await (await access.OpenAsync(Caller.From(user), scope)).ListDocumentsAsync());

        api.MapGet("/documents/{id}", async (string id, string? scope, ClaimsPrincipal user, MemoryAccess access) =>
            await (await access.OpenAsync(Caller.From(user), scope)).GetDocumentAsync(id) is { } status
                ? Results.Ok(status)
                : Results.Problem(statusCode: 404, title: $"This memory has no document '{id}'."));

        api.MapDelete("/documents/{id}", async (string id, string? scope, ClaimsPrincipal user, MemoryAccess access) =>
            await (await access.OpenAsync(Caller.From(user), scope)).ForgetAsync(id)
                ? Results.NoContent()
                : Results.Problem(statusCode: 404, title: $"This memory has no document '{id}'."))
            .AddEndpointFilter(TenantMemoryWrite);

        api.MapPost("/facts", async (FactRequest? body, string? scope, ClaimsPrincipal user, MemoryAccess access) =>
        {
            var caller = Caller.From(user);
            var status = await (await access.OpenAsync(caller, scope)).RememberAsync(body?.Text ?? "", body?.Source, caller.User);
            return Results.Created($"/api/memory/documents/{status.DocumentId}", status);
        }).AddEndpointFilter(TenantMemoryWrite);

        api.MapPost("/recall", async (RecallRequest? body, string? scope, ClaimsPrincipal user, MemoryAccess access) =>
        {
            var caller = Caller.From(user);
            var also = new List<string>();
            foreach (var other in body?.AlsoScopes ?? [])
            {
                also.Add(await access.ResolveAsync(caller, other));
            }

            return await (await access.OpenAsync(caller, scope)).RecallAsync(new RecallQuery(body?.Query ?? "", body?.TopK ?? 5, body?.DocumentId, also));
        });

        api.MapGet("/events", async (HttpContext context, string? scope, ClaimsPrincipal user, MemoryAccess access, IGrainFactory grains) =>
            await StreamProgressAsync(context, await access.OpenAsync(Caller.From(user), scope), grains));

        api.MapMemoryStats();

        return routes;
    }

    private static async Task<byte[]> ReadAllAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        await file.CopyToAsync(content, cancellationToken);
        return content.ToArray();
    }

    // Server-sent events: one "progress" event per ingestion step and "sync" events while an integration syncs, until the client goes away.
    private static async Task StreamProgressAsync(HttpContext context, IMemoryGrain memory, IGrainFactory grains)
    {
        var watcher = new ProgressChannel();
        var reference = grains.CreateObjectReference<IMemoryObserver>(watcher);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await memory.SubscribeAsync(reference);
        await context.Response.WriteAsync(": watching\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        using var refresh = new PeriodicTimer(TimeSpan.FromMinutes(1));
        var renew = RenewAsync(memory, reference, refresh, context.RequestAborted);
        try
        {
            await foreach (var (name, data) in watcher.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, JsonSerializerOptions.Web)}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left.
        }
        finally
        {
            refresh.Dispose();
            await renew;
            await memory.UnsubscribeAsync(reference);
            grains.DeleteObjectReference<IMemoryObserver>(reference);
        }
    }

    // Subscriptions expire unless refreshed.
    private static async Task RenewAsync(IMemoryGrain memory, IMemoryObserver reference, PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await memory.SubscribeAsync(reference);
            }
        }
        catch (OperationCanceledException)
        {
            // The stream ended.
        }
    }

    // Unknown conversations and bad input answer as the conversation endpoints do; a full memory answers 409.
    private static async ValueTask<object?> MapLimit(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (MemoryLimitException ex)
        {
            return Results.Problem(statusCode: 409, title: ex.Message);
        }
    }

    /// <summary>Writing the company's memory (scope <c>tenant</c>) takes its own permission; a person's own scopes only reading.</summary>
    private static async ValueTask<object?> TenantMemoryWrite(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User;
        var scope = context.HttpContext.Request.Query["scope"].ToString();
        return scope is "" or MemoryScopes.Tenant && !user.Has(Permission.WriteMemory)
            ? Results.Problem(statusCode: 403, title: PermissionPolicies.Refusal(user, Permission.WriteMemory))
            : await next(context);
    }
}
