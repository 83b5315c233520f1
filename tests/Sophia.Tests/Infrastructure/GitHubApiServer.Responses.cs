using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Sophia.Tests.Infrastructure;

/// <summary>How the server answers: JSON with an ETag on every GET, 304 for a matching If-None-Match, rate limit headers, Link paging.</summary>
public sealed partial class GitHubApiServer
{
    private async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        var json = body.ToJsonString();
        var response = context.Response;
        var notModified = false;
        if (HttpMethods.IsGet(context.Request.Method) && status == 200)
        {
            var etag = $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32]}\"";
            response.Headers.ETag = etag;
            notModified = context.Request.Headers.IfNoneMatch.ToString().Split(',', StringSplitOptions.TrimEntries).Contains(etag);
        }

        // GitHub does not count a 304 against the primary limit.
        var remaining = notModified || status is 401 ? Volatile.Read(ref _remaining) : Math.Max(0, Interlocked.Decrement(ref _remaining));
        response.Headers["x-ratelimit-limit"] = HourlyLimit.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-used"] = (HourlyLimit - remaining).ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-reset"] = Time.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        response.Headers["x-ratelimit-resource"] = context.Request.Path.StartsWithSegments("/search") ? "search" : "core";
        response.Headers["x-github-media-type"] = "github.v3; format=json";
        if (notModified)
        {
            Interlocked.Increment(ref _notModified);
            response.StatusCode = 304;
            return;
        }

        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(json);
    }

    private Task NotFoundAsync(HttpContext context) => WriteAsync(context, 404, Error("Not Found", Docs));

    private Task UnprocessableAsync(HttpContext context, string message) => WriteAsync(context, 422, Error(message, Docs));

    /// <summary>One page of <paramref name="items"/> (<c>per_page</c> up to 100, default 30; <c>page</c> from 1) with GitHub's Link header.</summary>
    private Task WritePageAsync(HttpContext context, IReadOnlyList<JsonNode> items)
    {
        var query = context.Request.Query;
        var perPage = Math.Clamp(int.TryParse(query["per_page"], out var size) ? size : 30, 1, 100);
        var page = Math.Max(1, int.TryParse(query["page"], out var number) ? number : 1);
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var links = new List<string>();
        void Link(int target, string rel) => links.Add($"<{PageUrl(context, target)}>; rel=\"{rel}\"");
        if (page > 1)
        {
            Link(page - 1, "prev");
            Link(1, "first");
        }

        if (page < last)
        {
            Link(page + 1, "next");
            Link(last, "last");
        }

        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }

        return WriteAsync(context, 200, new JsonArray([.. items.Skip((page - 1) * perPage).Take(perPage).Select(i => i.DeepClone())]));
    }

    private static string PageUrl(HttpContext context, int page)
    {
        var parameters = context.Request.Query.Where(q => q.Key != "page").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        parameters["page"] = page.ToString(CultureInfo.InvariantCulture);
        var request = context.Request;
        return QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", parameters);
    }
}
