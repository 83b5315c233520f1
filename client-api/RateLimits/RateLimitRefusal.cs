using System.Globalization;
using System.Threading.RateLimiting;
using Sophia.ClientApi.OpenAi;

namespace Sophia.ClientApi.RateLimits;

/// <summary>What a caller over a limit is told: 429, Retry-After, which limit and when to try again.</summary>
public static class RateLimitRefusal
{
    public static TimeSpan RetryAfter(RateLimitLease lease, RateLimitWindow window) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window.Window / window.PermitLimit;

    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>One sentence: what was limited, the limit, for whom, and when the next request is let through.</summary>
    public static string Message(string policy, RateLimitWindow window, string partitionKey, int retrySeconds) =>
        $"Too many {RateLimitPolicies.Counted(policy)} from {RateLimitPartitionKey.Describe(partitionKey)}: the limit is {window.PermitLimit} " +
        $"every {window.WindowSeconds} seconds (Sophia:RateLimits:{SectionOf(policy)}). Try again in {Describe(retrySeconds)}.";

    public static async ValueTask WriteAsync(HttpContext http, string policy, RateLimitLease lease)
    {
        var options = http.RequestServices.GetRequiredService<SophiaRateLimiters>().Options;
        var window = RateLimitPolicies.WindowOf(options, policy);
        var seconds = Seconds(RetryAfter(lease, window));
        var partition = policy == RateLimitPolicies.SignIn
            ? RateLimitPartitionKey.AddressOf(http.Connection.RemoteIpAddress)
            : RateLimitPartitionKey.Of(http.User, http.Connection.RemoteIpAddress);
        var message = Message(policy, window, partition, seconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var answer = policy == RateLimitPolicies.V1
            ? Results.Json(OpenAiResponses.Error(message, "rate_limit_exceeded", "rate_limit_exceeded"), statusCode: 429)
            : Results.Problem(statusCode: 429, title: message,
                extensions: new Dictionary<string, object?> { ["limit"] = policy, ["retryAfterSeconds"] = seconds });
        await answer.ExecuteAsync(http);
    }

    private static string SectionOf(string policy) => policy switch
    {
        RateLimitPolicies.SignIn => nameof(RateLimitOptions.SignIn),
        RateLimitPolicies.Sends => nameof(RateLimitOptions.Sends),
        RateLimitPolicies.V1 => nameof(RateLimitOptions.V1),
        RateLimitPolicies.Uploads => nameof(RateLimitOptions.Uploads),
        _ => nameof(RateLimitOptions.Mcp),
    };

    private static string Describe(int seconds) => seconds < 90 ? $"{seconds} seconds" : $"{(seconds + 59) / 60} minutes";
}
