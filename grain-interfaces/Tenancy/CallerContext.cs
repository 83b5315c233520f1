namespace Sophia.Tenancy;

/// <summary>
/// Who a grain call is made for: set by the gateway from the authenticated principal, checked by every silo.
/// <paramref name="ManagesUsers"/>: the caller's role manages the tenant's users (owner, admin).
/// </summary>
[GenerateSerializer, Immutable, Alias("sophia.CallerIdentity")]
public sealed record CallerIdentity(string Tenant, string? User, bool Operator = false, bool ManagesUsers = false);

/// <summary>
/// Carries the caller in Orleans' <see cref="RequestContext"/>, which flows with every grain call made while it is set.
/// Calls that code inside a silo makes for itself (timers, start-up, background reporting) are marked as system calls.
/// </summary>
public static class CallerContext
{
    private const string IdentityKey = "sophia.caller";
    private const string SystemKey = "sophia.system";

    public static CallerIdentity? Current => RequestContext.Get(IdentityKey) as CallerIdentity;

    /// <summary>True when the call was marked as one the system makes for itself.</summary>
    public static bool IsSystem => RequestContext.Get(SystemKey) is true;

    /// <summary>Makes the calls that follow (until disposed) on behalf of this caller.</summary>
    public static IDisposable Enter(CallerIdentity identity) => Replace(identity, system: false);

    /// <summary>Marks the calls that follow (until disposed) as made by the system itself, for no user.</summary>
    public static IDisposable EnterSystem() => Replace(null, system: true);

    /// <summary>Enumerates with the caller set before every step, for streams that are enumerated outside the caller's flow.</summary>
    public static async IAsyncEnumerable<T> Flow<T>(CallerIdentity identity, IAsyncEnumerable<T> source)
    {
        await using var enumerator = source.GetAsyncEnumerator();
        while (await StepAsync(identity, enumerator))
        {
            yield return enumerator.Current;
        }
    }

    private static async ValueTask<bool> StepAsync<T>(CallerIdentity identity, IAsyncEnumerator<T> enumerator)
    {
        using var _ = Enter(identity);
        return await enumerator.MoveNextAsync();
    }

    private static Scope Replace(CallerIdentity? identity, bool system)
    {
        var scope = new Scope(Current, IsSystem);
        Apply(identity, system);
        return scope;
    }

    private static void Apply(CallerIdentity? identity, bool system)
    {
        if (identity is null)
        {
            RequestContext.Remove(IdentityKey);
        }
        else
        {
            RequestContext.Set(IdentityKey, identity);
        }

        if (system)
        {
            RequestContext.Set(SystemKey, true);
        }
        else
        {
            RequestContext.Remove(SystemKey);
        }
    }

    private sealed class Scope(CallerIdentity? previous, bool previousSystem) : IDisposable
    {
        public void Dispose() => Apply(previous, previousSystem);
    }
}
