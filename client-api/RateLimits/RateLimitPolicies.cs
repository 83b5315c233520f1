namespace Sophia.ClientApi.RateLimits;

/// <summary>The rate limiting policies endpoints name, and what each refusal tells the caller it limits.</summary>
public static class RateLimitPolicies
{
    public const string SignIn = "sign-in";
    public const string Sends = "sends";
    public const string V1 = "v1";
    public const string Uploads = "uploads";

    /// <summary>Requests to Sophia's MCP server (<c>/mcp</c>).</summary>
    public const string Mcp = "mcp";

    public static IReadOnlyList<string> All { get; } = [SignIn, Sends, V1, Uploads, Mcp];

    public static RateLimitWindow WindowOf(RateLimitOptions options, string policy) => policy switch
    {
        SignIn => options.SignIn,
        Sends => options.Sends,
        V1 => options.V1,
        Uploads => options.Uploads,
        Mcp => options.Mcp,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Not a rate limiting policy."),
    };

    /// <summary>What the limit counts, as a refusal names it.</summary>
    public static string Counted(string policy) => policy switch
    {
        SignIn => "sign-in attempts",
        Sends => "messages sent",
        V1 => "requests to /v1",
        Uploads => "uploads to memory",
        Mcp => "MCP requests",
        _ => "requests",
    };
}
