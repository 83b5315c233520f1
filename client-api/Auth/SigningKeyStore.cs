using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Sophia.ClientApi.Auth;

/// <summary>The key tokens are signed with: from configuration (shared by every replica), else a file under the data folder.</summary>
public sealed class SigningKeyStore
{
    public const string KeyFileName = "jwt-signing.key";

    public SigningKeyStore(IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        var bytes = !string.IsNullOrWhiteSpace(auth.SigningKey)
            ? Convert.FromBase64String(auth.SigningKey)
            : LoadOrCreate(auth.KeyFile ?? throw new InvalidOperationException(
                "Set Sophia:Auth:SigningKey (base64, 32+ bytes) so that every gateway replica signs and checks tokens with the same key."));
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Sophia:Auth:SigningKey must be base64 of at least 32 bytes.");
        }

        Key = new SymmetricSecurityKey(bytes);
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(64);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return key;
    }
}
