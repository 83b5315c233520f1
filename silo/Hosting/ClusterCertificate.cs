using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;

namespace Sophia.Silo.Hosting;

/// <summary>Makes a self-signed certificate for a cluster's mutual TLS: <c>silo certificate CERT.pem KEY.pem [DAYS]</c>.</summary>
public static class ClusterCertificate
{
    public const int DefaultDays = 365;

    public static X509Certificate2 Create(int days = DefaultDays)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=sophia-cluster", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        // Every node is both a TLS server (its ports) and a client (its calls to other silos).
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(days));
    }

    public static void Write(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var key = new StreamWriter(keyPath, options);
        key.Write(certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The command: writes both files and says how to use them.</summary>
    public static int Run(string[] args)
    {
        if (args is not [var certificatePath, var keyPath, ..] || (args.Length > 2 && !(int.TryParse(args[2], out var parsed) && parsed > 0)))
        {
            Console.Error.WriteLine("usage: certificate CERT.pem KEY.pem [DAYS] (a self-signed certificate for the cluster's mutual TLS, valid DAYS days, default 365)");
            return 2;
        }

        var days = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : DefaultDays;
        using var certificate = Create(days);
        Write(certificate, certificatePath, keyPath);
        Console.WriteLine($"Wrote {certificatePath} and {keyPath} (valid until {certificate.NotAfter:yyyy-MM-dd}, thumbprint {certificate.Thumbprint}).");
        Console.WriteLine($"Give every silo and gateway: {ClusterTlsOptions.Section.Replace(":", "__", StringComparison.Ordinal)}__CertificatePath={certificatePath} and ..__KeyPath={keyPath}");
        return 0;
    }
}
