using Sophia.Tenancy;

namespace Sophia.Tests.Infrastructure;

/// <summary>
/// Tests that drive grains directly, as a gateway would, make every call as an operator: the silos' tenant wall
/// refuses calls that name no caller, and its own rules are tested on their own (Security/TenantWallTests).
/// </summary>
public static class OperatorClient
{
    public static readonly CallerIdentity Identity = new("operators", "tests", Operator: true);

    /// <summary>For tests that call grains through an embedded server's own grain factory.</summary>
    public static IDisposable Enter() => CallerContext.Enter(Identity);

    public static IClientBuilder ActAsOperator(this IClientBuilder client) => client.AddOutgoingGrainCallFilter(async context =>
    {
        if (CallerContext.Current is not null)
        {
            await context.Invoke();
            return;
        }

        using (CallerContext.Enter(Identity))
        {
            await context.Invoke();
        }
    });
}
