using Sophia.Tenancy;

namespace Sophia.Tests.Tenancy;

/// <summary>Users made straight in a grain, for tests below the gateway.</summary>
public static class TestUsers
{
    public static Task<bool> ProvisionAsync(this IUserGrain user, string password, string role = Roles.Member)
    {
        var name = GrainKeys.Split(user.GetPrimaryKeyString()).Local;
        return user.ProvisionAsync(new MemberInfo(name, name, role, Disabled: false, Email: null, DateTimeOffset.UtcNow), PasswordHasher.Hash(password));
    }

    public static async Task<bool> SignsInWithAsync(this IUserGrain user, string password) =>
        (await user.SignInAsync(password, newPassword: null)).Status == SignInStatus.SignedIn;
}
