using Sophia.ClientApi.Chat;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Quotas;

/// <summary>The gateway's checks before it writes anything: a caller past a limit is refused with <see cref="QuotaExceededException"/>.</summary>
public static class QuotaChecks
{
    /// <summary>Before a message: some model tokens must be left today and this month.</summary>
    public static Task EnsureTokensLeftAsync(IGrainFactory grains, string userKey) => EnsureAsync(grains, userKey, QuotaMeter.Tokens);

    /// <summary>Before an upload or import: some chunks must be left this month.</summary>
    public static Task EnsureChunksLeftAsync(IGrainFactory grains, string userKey) => EnsureAsync(grains, userKey, QuotaMeter.Chunks);

    private static async Task EnsureAsync(IGrainFactory grains, string userKey, QuotaMeter meter)
    {
        // A check spends nothing, so a check lost with a silo is asked again.
        if (await GrainCallRetry.IdempotentAsync(() => grains.GetGrain<IUserGrain>(userKey).CheckQuotaAsync(meter, 1)) is { } refusal)
        {
            throw new QuotaExceededException(refusal);
        }
    }
}
