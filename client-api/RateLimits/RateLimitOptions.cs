using System.ComponentModel.DataAnnotations;

namespace Sophia.ClientApi.RateLimits;

/// <summary>Request rate limits per user, API key or (for anonymous calls) client address (<c>Sophia:RateLimits</c>).</summary>
public sealed partial class RateLimitOptions
{
    public const string Section = "Sophia:RateLimits";

    /// <summary>False switches every limit off: only for a load test on a trusted machine, never in production.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sign-in attempts per client address (token, browser login, invitation acceptance).</summary>
    public RateLimitWindow SignIn { get; set; } = RateLimitWindow.Of(30, 60);

    /// <summary>Chat messages sent, through the hub and REST together.</summary>
    public RateLimitWindow Sends { get; set; } = RateLimitWindow.Of(60, 60);

    /// <summary>Requests to the OpenAI-compatible <c>/v1</c> endpoints.</summary>
    public RateLimitWindow V1 { get; set; } = RateLimitWindow.Of(120, 60);

    /// <summary>Memory uploads: documents and folder imports.</summary>
    public RateLimitWindow Uploads { get; set; } = RateLimitWindow.Of(30, 60);

    /// <summary>Requests to the MCP endpoint.</summary>
    public RateLimitWindow Mcp { get; set; } = RateLimitWindow.Of(120, 60);

    /// <summary>Each limit under the name of its configuration section.</summary>
    public IEnumerable<(string Name, RateLimitWindow Window)> Windows() =>
    [
        (nameof(SignIn), SignIn), (nameof(Sends), Sends), (nameof(V1), V1), (nameof(Uploads), Uploads), (nameof(Mcp), Mcp),
    ];

    /// <summary>What is wrong, one sentence per setting, each naming its full key.</summary>
    public IEnumerable<string> Problems()
    {
        if (BindingProblem is not null)
        {
            yield return BindingProblem;
        }

        foreach (var (name, window) in Windows())
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(window, new ValidationContext(window), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return $"{Section}:{name}:{string.Join(",", result.MemberNames)} {result.ErrorMessage}.";
            }
        }
    }
}
