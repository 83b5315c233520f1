using Sophia.Tenancy;

namespace Sophia.ClientApi.Auth;

/// <summary>
/// New passwords are checked and hashed here, on the gateway's thread pool, before the tenant grain hears of them:
/// the hash is slow by design, and the tenant grain takes its members one at a time.
/// </summary>
public static class NewPasswords
{
    /// <summary>The hash of an acceptable password, or the 400 that says what to fix.</summary>
    public static async Task<(string? Hash, IResult? Refusal)> HashAsync(string username, string? password) =>
        PasswordRules.Check(username, password) is { } problem
            ? (null, Results.Problem(statusCode: 400, title: problem))
            : (await Task.Run(() => PasswordHasher.Hash(password!)), null);
}
