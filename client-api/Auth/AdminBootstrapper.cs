using System.Security.Cryptography;
using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>On first start, creates tenant <c>default</c> with user <c>admin</c> and shows a generated password once.</summary>
public sealed class AdminBootstrapper(IGrainFactory grains, IConfiguration configuration, ILogger<AdminBootstrapper> logger) : IHostedService
{
    public const string PasswordVariable = "SOPHIA_ADMIN_PASSWORD";
    private const string AdminUser = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = grains.GetGrain<IUserGrain>(GrainKeys.Of(GrainKeys.DefaultTenant, AdminUser));
        var chosen = configuration[PasswordVariable];
        var password = string.IsNullOrEmpty(chosen) ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y') : chosen;
        // Creation happens inside the grain, so of several gateway replicas starting at once exactly one creates the user.
        if (!await admin.TryCreateAsync(password))
        {
            return;
        }

        logger.LogInformation("Created user {User} in tenant {Tenant}", AdminUser, GrainKeys.DefaultTenant);
        if (string.IsNullOrEmpty(chosen))
        {
            // Written to the console only, never to the log pipeline, and only this once.
            Console.WriteLine($"""

                ==> Sophia created user '{AdminUser}' (tenant '{GrainKeys.DefaultTenant}') with password: {password}
                    It is shown only now. Set {PasswordVariable} before the first start to choose it instead.

                """);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
