using System.ComponentModel.DataAnnotations;

namespace Sophia.Silo.Hosting;

/// <summary>The silo's name and endpoints (<c>Sophia:Silo</c>).</summary>
public sealed class SiloPortOptions
{
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The silo process's HTTP port: <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> (a gateway serves them on its own port).</summary>
    [Range(1, 65535)]
    public int HttpPort { get; set; } = 9464;

    /// <summary>The address other silos and clients reach this one at; when empty, this host's first non-loopback IPv4 address, as Orleans picks it.</summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>The name operators see and drain it by (e.g. <c>west-1</c>); when empty, Orleans makes one up.</summary>
    public string? Name { get; set; }
}
