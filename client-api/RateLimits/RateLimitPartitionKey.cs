using System.Net;
using System.Security.Claims;
using Sophia.ClientApi.Auth;

namespace Sophia.ClientApi.RateLimits;

/// <summary>Whose allowance a request spends: its API key's, else its signed-in user's, else its client address's.</summary>
public static class RateLimitPartitionKey
{
    public static string Of(ClaimsPrincipal? user, IPAddress? address)
    {
        if (user?.Identity?.IsAuthenticated == true && user.FindFirstValue(Caller.TenantClaim) is { } tenant && user.FindFirstValue(Caller.UserClaim) is { } name)
        {
            return user.FindFirstValue(Caller.ApiKeyClaim) is { } key ? $"key:{tenant}/{key}" : $"user:{tenant}/{name}";
        }

        return AddressOf(address);
    }

    public static string AddressOf(IPAddress? address) => $"address:{address?.ToString() ?? "unknown"}";

    /// <summary>Who the partition is, as a refusal names it.</summary>
    public static string Describe(string key) => key switch
    {
        _ when key.StartsWith("key:", StringComparison.Ordinal) => "this API key",
        _ when key.StartsWith("user:", StringComparison.Ordinal) => "each user",
        _ => "this address",
    };
}
