using System.Text.Json;

namespace Sophia.Gpu.Lambda;

/// <summary>The instance statuses the API documents.</summary>
public static class LambdaStatus
{
    public const string Booting = "booting";
    public const string Active = "active";
    public const string Unhealthy = "unhealthy";
    public const string Terminating = "terminating";
    public const string Terminated = "terminated";
    public const string Preempted = "preempted";
}

/// <summary>The error codes Sophia acts on.</summary>
public static class LambdaErrorCodes
{
    public const string InsufficientCapacity = "instance-operations/launch/insufficient-capacity";
    public const string InvalidApiKey = "global/invalid-api-key";
    public const string NotFound = "global/object-does-not-exist";
    public const string RateLimited = "rate-limited";
}

public sealed record LambdaRegion(string Name, string? Description);

public sealed record LambdaInstanceType(string Name, string? Description, int PriceCentsPerHour);

/// <summary>One entry of <c>GET /instance-types</c>: the type, its price, and where it has capacity now.</summary>
public sealed record LambdaInstanceTypeOffer(LambdaInstanceType InstanceType, IReadOnlyList<LambdaRegion> RegionsWithCapacityAvailable);

public sealed record LambdaInstance(string Id, string? Name, string? Ip, string Status, LambdaRegion? Region, LambdaInstanceType? InstanceType);

public sealed record LambdaTag(string Key, string Value);

public sealed record LambdaLaunchRequest(
    string RegionName, string InstanceTypeName, IReadOnlyList<string> SshKeyNames, string Name, string? UserData, IReadOnlyList<LambdaTag> Tags);

/// <summary>What a launch did: started instances, or found no capacity (so the caller can try another region).</summary>
public abstract record LambdaLaunchResult
{
    public sealed record Launched(IReadOnlyList<string> InstanceIds) : LambdaLaunchResult;

    public sealed record InsufficientCapacity(string Region, string Message) : LambdaLaunchResult;
}

/// <summary>An error answer of the API: <c>{"error": {code, message, suggestion}}</c>.</summary>
public sealed class LambdaApiException(int status, string code, string message, string? suggestion)
    : Exception($"Lambda Cloud API answered {status} {code}: {message}{(suggestion is null ? "" : $" ({suggestion})")}")
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public bool IsNotFound => Status == 404 || Code == LambdaErrorCodes.NotFound;
}

internal sealed record LambdaEnvelope<T>(T Data);

internal sealed record LambdaErrorBody(LambdaError? Error);

internal sealed record LambdaError(string? Code, string? Message, string? Suggestion);

internal sealed record LambdaLaunched(List<string> InstanceIds);

internal sealed record LambdaTerminated(List<LambdaInstance> TerminatedInstances);

internal sealed record LambdaInstanceIds(IReadOnlyList<string> InstanceIds);

internal static class LambdaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
