namespace Sophia.Tenancy;

/// <summary>What a password must be: long enough to resist guessing, and not the username.</summary>
public static class PasswordRules
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    /// <summary>A message saying what to fix, or null when the password is acceptable.</summary>
    public static string? Check(string username, string? password) => password switch
    {
        null or { Length: < MinLength } => $"A password needs at least {MinLength} characters.",
        { Length: > MaxLength } => $"A password may have at most {MaxLength} characters.",
        _ when string.Equals(password.Trim(), username, StringComparison.OrdinalIgnoreCase) => "A password must not be the username.",
        _ => null,
    };
}
