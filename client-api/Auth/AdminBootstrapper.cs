using System.Security.Cryptography;
using Sophia.Silo.Hosting;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// On first start, creates tenant <c>default</c> with its owner <c>admin</c> and shows a generated password once. A
/// data folder or database from before roles existed keeps its admin, who becomes the owner.
/// </summary>
public sealed class AdminBootstrapper(IGrainFactory grains, IConfiguration configuration, ILogger<AdminBootstrapper> logger) : IHostedService
{
    public const string PasswordVariable = "SOPHIA_ADMIN_PASSWORD";
    private const string AdminUser = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var asOwner = new Caller(GrainKeys.DefaultTenant, AdminUser).Enter();
        var tenant = grains.GetGrain<ITenantGrain>(GrainKeys.DefaultTenant);
        await tenant.AdoptOwnerAsync(AdminUser);
        if (await tenant.ExistsAsync())
        {
            return;
        }

        var chosen = configuration[PasswordVariable];
        var password = string.IsNullOrEmpty(chosen) ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y') : chosen;
        if (PasswordRules.Check(AdminUser, password) is { } weak)
        {
            throw new SophiaConfigurationException($"{PasswordVariable}: {weak}");
        }

        // Creation happens inside the grain, so of several gateway replicas starting at once exactly one creates the owner.
        var created = await tenant.CreateAsync(AdminUser, await Task.Run(() => PasswordHasher.Hash(password), cancellationToken));
        if (!created.Succeeded)
        {
            return;
        }

        logger.LogInformation("Created owner {User} of tenant {Tenant}", AdminUser, GrainKeys.DefaultTenant);
        if (string.IsNullOrEmpty(chosen))
        {
            // Written to the console only, never to the log pipeline, and only this once.
            Console.WriteLine($"""

                ==> Sophia created user '{AdminUser}' (tenant '{GrainKeys.DefaultTenant}', role owner) with password: {password}
                    It is shown only now. Set {PasswordVariable} before the first start to choose it instead.

                """);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
