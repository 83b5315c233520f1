using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace Sophia.Silo.Hosting;

/// <summary>
/// Mutual TLS between silos and gateways: each side presents the cluster's certificate and accepts only peers whose
/// certificate chains to a trusted one, so a process without it can neither join the cluster nor call a grain.
/// </summary>
public sealed class ClusterTls
{
    private readonly X509Certificate2Collection _trusted;

    private ClusterTls(X509Certificate2 certificate, X509Certificate2Collection trusted) => (Certificate, _trusted) = (certificate, trusted);

    public X509Certificate2 Certificate { get; }

    /// <summary>The configured certificate; null when none is configured and <paramref name="required"/> is false.</summary>
    public static ClusterTls? Load(IConfiguration configuration, bool required)
    {
        var options = configuration.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        if (!options.IsConfigured)
        {
            return required
                ? throw new SophiaConfigurationException($"The cluster profile needs {ClusterTlsOptions.Section}:CertificatePath (silos and gateways talk over mutual TLS; README says how to make one).")
                : null;
        }

        var certificate = Read(options);
        var trusted = new X509Certificate2Collection();
        foreach (var path in options.TrustedCertificates)
        {
            trusted.Add(ReadPublic(path));
        }

        if (trusted.Count == 0)
        {
            trusted.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
        }

        return new ClusterTls(certificate, trusted);
    }

    public void Configure(TlsOptions tls)
    {
        tls.LocalCertificate = Certificate;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = IsTrusted;
        tls.OnAuthenticateAsClient = (_, client) => client.TargetHost = Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }

    // Peers are known by the certificate they hold, not by host name: silos come and go at addresses no certificate names.
    private bool IsTrusted(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(certificate);
    }

    private static X509Certificate2 Read(ClusterTlsOptions options)
    {
        var path = options.CertificatePath!;
        try
        {
            return !string.IsNullOrWhiteSpace(options.KeyPath)
                ? X509Certificate2.CreateFromPemFile(path, options.KeyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new SophiaConfigurationException($"{ClusterTlsOptions.Section}:CertificatePath '{path}' could not be read as a certificate with its key ({ex.Message}); a PEM file needs {ClusterTlsOptions.Section}:KeyPath.");
        }
    }

    private static X509Certificate2 ReadPublic(string path)
    {
        try
        {
            return File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(File.ReadAllText(path))
                : X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new SophiaConfigurationException($"{ClusterTlsOptions.Section}:TrustedCertificates entry '{path}' could not be read as a certificate ({ex.Message}).");
        }
    }
}
