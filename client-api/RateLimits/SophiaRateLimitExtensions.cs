using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Sophia.ClientApi.RateLimits;

/// <summary>Registers the rate limits of <see cref="RateLimitOptions"/> as ASP.NET Core policies, validated at start.</summary>
public static class SophiaRateLimitExtensions
{
    public static IServiceCollection AddSophiaRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Configure(o => o.ReadFrom(configuration)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidation>();
        services.AddSingleton<SophiaRateLimiters>();
        services.AddRateLimiter(o =>
        {
            // Sign-in is anonymous by nature: always counted per address, whatever the request carries.
            o.AddPolicy(RateLimitPolicies.SignIn, new SharedLimiterPolicy(RateLimitPolicies.SignIn, http => RateLimitPartitionKey.AddressOf(http.Connection.RemoteIpAddress)));
            foreach (var policy in RateLimitPolicies.All.Where(p => p != RateLimitPolicies.SignIn))
            {
                o.AddPolicy(policy, new SharedLimiterPolicy(policy, http => RateLimitPartitionKey.Of(http.User, http.Connection.RemoteIpAddress)));
            }
        });
        return services;
    }
}
