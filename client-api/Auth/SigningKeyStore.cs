using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Sophia.Storage;

namespace Sophia.ClientApi.Auth;

/// <summary>The key tokens are signed with: from configuration, else a file under the data folder created on first start.</summary>
public sealed class SigningKeyStore
{
    public SigningKeyStore(IOptions<AuthOptions> auth, IOptions<SqliteOptions> storage)
    {
        var configured = auth.Value.SigningKey;
        var bytes = string.IsNullOrWhiteSpace(configured) ? LoadOrCreate(Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "jwt-signing.key")) : Convert.FromBase64String(configured);
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
