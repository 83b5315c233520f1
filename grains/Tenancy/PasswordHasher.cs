using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Sophia.Tenancy;

/// <summary>
/// Password hashes in ASP.NET Core Identity's v3 format (PBKDF2-HMAC-SHA512, <see cref="Iterations"/> rounds).
/// Hashes from before it (<c>pbkdf2-sha256$…</c>, 100,000 rounds) still verify and ask to be rehashed.
/// </summary>
public static class PasswordHasher
{
    public const int Iterations = 600_000;
    private const string LegacyPrefix = "pbkdf2-sha256$";

    private static readonly PasswordHasher<string> Hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = Iterations,
    }));

    // Checked when the user does not exist, so that an unknown name costs what a known one does.
    private static readonly string Decoy = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));

    public static string Hash(string password) => Hasher.HashPassword("", password);

    public static PasswordVerificationResult Verify(string password, string stored)
    {
        if (stored.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            return VerifyLegacy(password, stored) ? PasswordVerificationResult.SuccessRehashNeeded : PasswordVerificationResult.Failed;
        }

        try
        {
            return stored.Length == 0 ? PasswordVerificationResult.Failed : Hasher.VerifyHashedPassword("", stored, password);
        }
        catch (FormatException)
        {
            return PasswordVerificationResult.Failed;
        }
    }

    /// <summary>The work of one verification, for a user that does not exist.</summary>
    public static void VerifyDecoy(string password) => Hasher.VerifyHashedPassword("", Decoy, password);

    private static bool VerifyLegacy(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || !int.TryParse(parts[1], out var iterations))
        {
            return false;
        }

        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
