using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sophia.Tests.Gpu;

/// <summary>The endpoints of the local Lambda server, as the API documents them.</summary>
public sealed partial class LambdaCloudServer
{
    private async Task HandleAsync(HttpContext context)
    {
        var path = "/" + (string?)context.Request.RouteValues["path"];
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        var body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        IResult result;
        lock (_lock)
        {
            result = Answer(context, context.Request.Method, path, body);
        }

        // Recorded before answering, so a test that has the answer also finds the call recorded.
        Calls.Enqueue(new LambdaCall(context.Request.Method, path, body, (result as IStatusCodeHttpResult)?.StatusCode ?? 200));
        await result.ExecuteAsync(context);
    }

    private IResult Answer(HttpContext context, string method, string path, JsonNode? body)
    {
        if (RejectApiKey || !Authorized(context.Request))
        {
            return Error(401, "global/invalid-api-key", "API key was invalid, expired, or deleted.", "Check your API key or create a new one, then try again.");
        }

        if (_rateLimited > 0)
        {
            _rateLimited--;
            context.Response.Headers.RetryAfter = _retryAfterSeconds.ToString();
            return Error(429, "global/too-many-requests", "Too many requests.");
        }

        return (method, path) switch
        {
            ("GET", "/instance-types") => Results.Json(new { data = InstanceTypes() }),
            ("GET", "/instances") => Results.Json(new { data = _instances.Values.Where(i => !HiddenFromListing.Contains(i.Id)).OrderBy(i => i.Id).Select(Json).ToList() }),
            ("GET", _) when path.StartsWith("/instances/", StringComparison.Ordinal) =>
                _instances.TryGetValue(path["/instances/".Length..], out var one) ? Results.Json(new { data = Json(one) }) : NotFound(),
            ("POST", "/instance-operations/launch") => Launch(body),
            ("POST", "/instance-operations/terminate") => Terminate(body),
            _ => Error(404, "global/not-found", "The requested resource was not found."),
        };
    }

    private Dictionary<string, object> InstanceTypes() => new()
    {
        [InstanceType] = new
        {
            instance_type = TypeJson(InstanceType, PriceCentsPerHour),
            regions_with_capacity_available = CapacityRegions.Select(r => new { name = r, description = r }).ToList(),
        },
        ["gpu_8x_h100_sxm5"] = new { instance_type = TypeJson("gpu_8x_h100_sxm5", 2392), regions_with_capacity_available = Array.Empty<object>() },
    };

    private IResult Launch(JsonNode? body)
    {
        var region = body?["region_name"]?.GetValue<string>();
        var type = body?["instance_type_name"]?.GetValue<string>();
        var name = body?["name"]?.GetValue<string>() ?? "";
        if (region is null || type is null || body?["ssh_key_names"] is not JsonArray { Count: 1 } || name.Length > 64)
        {
            return Error(400, "global/invalid-parameters", "Invalid request data.", "Give region_name, instance_type_name, exactly one ssh key name and a name of 64 characters or fewer.");
        }

        if (type != InstanceType && type != "gpu_8x_h100_sxm5")
        {
            return Error(404, "global/object-does-not-exist", $"Instance type {type} does not exist.", "List the instance types offered.");
        }

        if (NoCapacityIn.Contains(region) || !CapacityRegions.Contains(region))
        {
            return Error(400, "instance-operations/launch/insufficient-capacity", "Not enough capacity to fulfill launch request.",
                "Choose an instance type with more availability, or try again later.");
        }

        if (FailNextLaunchBeforeCreating)
        {
            FailNextLaunchBeforeCreating = false;
            return Error(500, "global/unknown", "Internal error.");
        }

        var instance = Add(name, region, "booting");
        _launched.Enqueue(body!.DeepClone());
        if (FailNextLaunchAfterCreating)
        {
            FailNextLaunchAfterCreating = false;
            return Error(500, "global/unknown", "Internal error.");
        }

        return Results.Json(new { data = new { instance_ids = new[] { instance.Id } } });
    }

    private IResult Terminate(JsonNode? body)
    {
        var ids = body?["instance_ids"]?.AsArray().Select(i => i!.GetValue<string>()).ToList() ?? [];
        if (ids.Count == 0 || ids.Any(id => !_instances.TryGetValue(id, out var i) || i.Status == "terminated"))
        {
            return NotFound();
        }

        foreach (var id in ids)
        {
            SetStatus(id, "terminating");
        }

        if (FailNextTerminateAfterApplying)
        {
            FailNextTerminateAfterApplying = false;
            return Error(500, "global/unknown", "Internal error.");
        }

        return Results.Json(new { data = new { terminated_instances = ids.Select(id => Json(_instances[id])).ToList() } });
    }

    private static IResult NotFound() => Error(404, "global/object-does-not-exist", "Specified instance does not exist.");

    private static object TypeJson(string name, int price) => new
    {
        name,
        description = name,
        gpu_description = "GH200 (96 GB)",
        price_cents_per_hour = price,
        specs = new { vcpus = 64, memory_gib = 432, storage_gib = 4096, gpus = 1 },
    };

    private static object Json(ServerInstance i) => new
    {
        id = i.Id,
        name = i.Name,
        ip = i.Status is "active" or "booting" ? "127.0.0.1" : null,
        private_ip = "10.0.0.2",
        status = i.Status,
        ssh_key_names = new[] { "sophia" },
        file_system_names = Array.Empty<string>(),
        region = new { name = i.Region, description = i.Region },
        instance_type = TypeJson(i.TypeName, i.PriceCentsPerHour),
        hostname = "127-0-0-1",
        actions = new { terminate = new { available = true } },
    };
}
