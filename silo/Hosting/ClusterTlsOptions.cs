namespace Sophia.Silo.Hosting;

/// <summary>
/// The certificate silos and gateways prove themselves with to each other (<c>Sophia:Cluster:Tls</c>): required in the
/// cluster profile, optional when embedded (whose ports listen on loopback only).
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "Sophia:Cluster:Tls";

    /// <summary>A PEM certificate (with <see cref="KeyPath"/>) or a PKCS#12 (.pfx/.p12) file holding the certificate and its key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// Certificates (PEM or DER files) a peer's certificate must chain to: a CA's, or self-signed ones themselves. When
    /// empty, only this node's own certificate is trusted. During a rotation both the old and the new one are listed.
    /// </summary>
    public string[] TrustedCertificates { get; set; } = [];

    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath);
}
